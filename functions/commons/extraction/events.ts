/**
 * Stage 5, events: each selected development, with its roles and dates, becomes a CeasefireEvent with a
 * generated headline, a summary and evidence from its sentences, a confidence and a stable content id.
 */
import { createHash } from 'node:crypto';
import type { Actor, Article, CeasefireEvent, DateRef, EventType, Place } from '#schemas/event.ts';
import { SCHEMA_VERSION } from '#schemas/contract.ts';
import { actorById } from './actors.ts';
import type { ArticleAnalysis, SentenceFacts } from './analyse.ts';
import type { DevelopmentDates } from './dating.ts';
import type { ReferenceDate } from './dates.ts';
import type { DevelopmentRoles } from './roles.ts';
import type { BackgroundNote, Development } from './selection.ts';
import type { Trace } from './trace.ts';
import triggerData from './data/triggers.json' with { type: 'json' };
import { headlineTemplate, triggerCodes } from './triggers.ts';

const TRUCE_NAMES: [RegExp, string][] = [
  [/cessation/i, 'cessation of hostilities'],
  [/humanitarian (?:pause|truce)/i, 'humanitarian pause'],
  [/de-escalation/i, 'de-escalation zones'],
  [/armistice/i, 'armistice'],
  [/truce/i, 'truce'],
  [/grain/i, 'grain deal'],
  [/corridor|passage|navigation/i, 'safe passage'],
];

function truceName(sentences: SentenceFacts[]): string {
  const terms = sentences.flatMap((s) => s.truce);
  const counts = new Map<string, number>();
  for (const term of terms) {
    const name = TRUCE_NAMES.find(([pattern]) => pattern.test(term))?.[1] ?? 'ceasefire';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'ceasefire';
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? 'Parties';
  const shown = names.slice(0, 3);
  const rest = names.length > 3 ? ' and others' : '';
  return rest ? `${shown.join(', ')}${rest}` : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** The trigger phrase of the development's first strongly worded report of its own type, which picks the headline's wording. */
function leadingPhrase(type: EventType, sentences: SentenceFacts[]): string | undefined {
  const own = sentences.filter((s) => s.hit?.type === type);
  return (own.find((s) => s.hit?.strength === 'strong') ?? own[0] ?? sentences[0])?.hit?.phrase;
}

/**
 * The generated headline. The war's own state is left out of the names when two other sides are named:
 * "United States and Russia agree ceasefire in Syria", not "United States, Russia, Syria and others ...".
 */
function headlineOf(type: EventType, phrase: string | undefined, parties: Actor[], truce: string, where: string, venue: Place | undefined, theatre: string): string {
  const others = parties.filter((p) => p.id !== theatre);
  const named = others.length >= 2 ? others : parties;
  return fillHeadline(headlineTemplate(type, phrase), { who: listNames(named.map((p) => p.name)), singular: named.length === 1, truce, where, venue });
}

/** A headline template (data/triggers.json) filled in: who, the verb's number, the truce's name, where, and the venue when it is elsewhere. */
export function fillHeadline(template: string, { who, singular, truce, where, venue }: { who: string; singular: boolean; truce: string; where: string; venue: Place | undefined }): string {
  const line = template
    .replace('{parties}', who)
    .replace(/\{(agree|propose|extend|hold|declare)\}/, (_, verb: string) => (singular ? `${verb}s` : verb))
    .replace('{truce}', truce)
    .replace('{Truce}', truce[0]!.toUpperCase() + truce.slice(1))
    .replace('{where}', where);
  return venue && !where.startsWith(venue.name) ? `${line} (${venue.name})` : line;
}

/** The article as an event's source. */
export function sourceOf(article: Article, reference: ReferenceDate): CeasefireEvent['sources'][number] {
  return {
    articleId: article.id,
    title: article.title,
    ...(article.url ? { url: article.url } : {}),
    ...(article.publisher ? { publisher: article.publisher } : {}),
    ...(reference.ref.basis !== 'received' ? { publishedAt: reference.ref.date } : {}),
  };
}

const weights = triggerData.confidence;
const round = (value: number) => Math.round(value * 100) / 100;

/**
 * How far a subscriber can trust one report of a development, from its evidence alone (docs/extraction.md):
 * reported in the headline or lead, in development wording rather than a mention, dated by the text, told in
 * several sentences, with its sides named, the article's main development.
 */
function confidenceOf(development: Development, parties: Actor[], occurred: DateRef): number {
  const w = weights;
  let score = w.base;
  if (development.sentences.some((s) => s.isHeadline || s.isLead)) score += w.headlineOrLead;
  if (development.sentences.some((s) => s.hit?.type === development.type && s.hit.strength === 'strong')) score += w.strongWording;
  score += occurred.basis === 'explicit' || occurred.basis === 'relative' ? w.datedByText : occurred.basis === 'metadata' ? w.datedByArticle : 0;
  if (occurred.ambiguous) score += w.ambiguousDate;
  if (development.sentences.filter((s) => !s.isHeadline).length > 1) score += w.severalSentences;
  if (parties.length >= 1) score += w.oneSide;
  if (parties.length >= 2) score += w.twoSides;
  if (development.isPrimary) score += w.primary;
  return round(Math.min(w.singleReportMax, Math.max(0.05, score)));
}

/**
 * A development's confidence with its corroboration: each further independent outlet (publisher, else
 * the source's host) that reports it adds to the strongest single report's confidence.
 */
export function corroboratedConfidence(event: Pick<CeasefireEvent, 'confidence' | 'sources'>): number {
  const outlets = new Set(event.sources.map((s) => s.publisher?.toLowerCase() ?? hostOf(s.url) ?? s.articleId));
  return round(Math.min(weights.max, event.confidence + weights.perOtherOutlet * Math.max(0, outlets.size - 1)));
}

const hostOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).hostname.replace(/^www\./, '') : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Stable content id: the same development (type, theatre, date, principal parties) always gets the same id.
 * The principal parties are the two most salient sides other than the theatre's own state, which outlets
 * name or leave out at will ("Russia and Turkey agree Idlib truce" vs "... Syria"); the state counts only
 * when fewer than two others are named (a government and its rebels).
 */
export function eventId(type: EventType, theatre: string, date: string, parties: Actor[]): string {
  const others = parties.filter((p) => p.id !== theatre);
  const principal = (others.length >= 2 ? others : parties).slice(0, 2).map((p) => p.id).sort().join('+');
  return createHash('sha256').update(`v${SCHEMA_VERSION}|${type}|${theatre}|${date}|${principal}`).digest('hex').slice(0, 24);
}

function summaryOf(sentences: SentenceFacts[]): string {
  const body = sentences.filter((s) => !s.isHeadline).map((s) => s.text);
  const chosen = (body.length ? body : sentences.map((s) => s.text)).slice(0, 3);
  return chosen.join(' ');
}

export function buildEvents(
  { developments, background }: { developments: Development[]; background: BackgroundNote[] },
  roles: DevelopmentRoles[],
  dates: DevelopmentDates[],
  analysis: ArticleAnalysis,
  theatre: string,
  trace?: Trace,
): CeasefireEvent[] {
  const { article } = analysis;
  const theatreName = actorById(theatre)?.name ?? theatre;
  const source = sourceOf(article, analysis.reference);
  const events = developments.map((development, i) => {
    const { sentences } = development;
    const { parties, venue, areas, ...who } = roles[i]!;
    const { occurred, effective, ends } = dates[i]!;
    const where = areas[0] ? `${areas[0].name}, ${theatreName}` : theatreName;
    const truce = truceName(sentences.length ? sentences : analysis.sentences);
    const confidence = confidenceOf(development, parties, occurred);
    const event: CeasefireEvent = {
      id: eventId(development.type, theatre, occurred.date, parties),
      schemaVersion: SCHEMA_VERSION,
      type: development.type,
      headline: headlineOf(development.type, leadingPhrase(development.type, sentences), parties, truce, where, venue, theatre),
      summary: summaryOf(sentences),
      occurred,
      ...(effective ? { effective } : {}),
      ...(ends ? { ends } : {}),
      theatre: { country: theatre, areas },
      ...(venue ? { venue } : {}),
      parties,
      mediators: who.mediators,
      excluded: who.excluded,
      people: who.people,
      codes: triggerCodes[development.type],
      evidence: sentences.map((s) => ({
        articleId: article.id,
        quote: s.text,
        ...(s.start !== undefined ? { start: s.start, end: s.end } : {}),
      })),
      ...(development.terms.length ? { terms: development.terms.map((s) => ({ articleId: article.id, quote: s.text })) } : {}),
      ...(development.isPrimary && background.length
        ? { background: background.map((b) => ({ articleId: article.id, type: b.type, date: b.date, quote: b.sentence.text })) }
        : {}),
      sources: [source],
      confidence,
      firstReportedAt: article.receivedAt,
      updatedAt: article.receivedAt,
    };
    trace?.note('events', development.label, `event ${event.id}: ${event.headline}`, `confidence ${confidence}`);
    return event;
  });
  // The primary development first, the rest in the order the article reports them.
  return events.map((event, i) => ({ event, isPrimary: developments[i]!.isPrimary })).sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary)).map((e) => e.event);
}
