/**
 * Turns an article analysis into CeasefireEvents: sentences reporting the same type of development on
 * the same date form one event; each event gets its dates, places, actors, people, evidence and id.
 */
import { createHash } from 'node:crypto';
import type { Actor, CeasefireEvent, DateRef, EventType, Person, Place } from '#schemas/event.ts';
import { SCHEMA_VERSION } from '#schemas/contract.ts';
import { actorById, type ActorMention, toActor } from './actors.ts';
import { type ArticleAnalysis, isDateline, MEETING_BEFORE, meetingNounAfter, type SentenceFacts } from './analyse.ts';
import language from './data/language.json' with { type: 'json' };
import { daysBefore, daysBetween, type DateMention } from './dates.ts';
import { endsWithFormer } from './people.ts';
import { countryPlace, type PlaceMention } from './places.ts';
import { escapeRegExp, phraseRegExp } from './text.ts';
import { announcesStart, backgroundDays, headlineTemplate, triggerCodes } from './triggers.ts';

interface Cluster {
  type: EventType;
  occurred: DateRef;
  sentences: SentenceFacts[];
}

const venueWords = phraseRegExp(language.venueWords.map(escapeRegExp), 'i');
const governmentNounAfter = new RegExp(`^\\s*(?:['’]s\\s+)?(?:(?:federal|national|central|interim|transitional|de facto)\\s+)?(?:${language.governmentNouns.map(escapeRegExp).join('|')})\\b`, 'i');
const previousReference = phraseRegExp(language.pronounsForPrevious.map(escapeRegExp), 'i');
const VENUE_PREPOSITIONS = new Set(['in', 'at']);
/** "an immediate ceasefire", "with effect from 17:00": the truce starts the day it is agreed. */
const startsAtOnce = phraseRegExp(language.immediateCues.map(escapeRegExp), 'i');
const speechAfter = new RegExp(`^\\s+(?:(?:has|had|also|later)\\s+)?(?:${language.speechVerbs.map(escapeRegExp).join('|')}|says)\\b`, 'i');
const homeGovernmentWords = new RegExp(`\\bthe (?:${language.homeGovernmentWords.map(escapeRegExp).join('|')})\\b`, 'i');
const TARGET_BEFORE = new RegExp(`\\b(?:${language.targetCues.map(escapeRegExp).join('|')})\\s+(?:the\\s+)?(?:so-called\\s+)?$`, 'i');
const LOCATIVE_BEFORE = new RegExp(`\\b(?:${language.locatives.join('|')})\\s+(?:the\\s+)?$`, 'i');
const TALKS_TYPES = new Set<EventType>(['talks', 'breakdown']);
const NEGOTIATION_TYPES = new Set<EventType>(['talks', 'proposal', 'agreement', 'breakdown', 'extension']);
const MAX_PEOPLE = 8;
/** A mediator counts as a side too only when named as one this often (headline mentions count 3). */
const MEDIATOR_AS_PARTY = 3;
/** An agreement takes the start date of a truce that took effect within this many days of it. */
const MAX_DAYS_TO_START = 14;

/** The date a sentence's development happened: the 'occurred' date nearest the trigger, never after the report. */
function occurredDate(s: SentenceFacts, analysis: ArticleAnalysis): DateRef {
  const triggerAt = s.hit?.index ?? 0;
  const candidates = s.dates.filter((d) => d.role === 'occurred' && daysBefore(d.ref, analysis.reference) >= -1);
  candidates.sort((a, b) => Math.abs(a.start - triggerAt) - Math.abs(b.start - triggerAt));
  return candidates[0]?.ref ?? analysis.reference.ref;
}

function clustersOf(analysis: ArticleAnalysis): Cluster[] {
  const clusters = new Map<string, Cluster>();
  const join = (s: SentenceFacts, occurred: DateRef) => {
    const key = `${s.hit!.type}|${occurred.date}`;
    const cluster = clusters.get(key) ?? { type: s.hit!.type, occurred, sentences: [] };
    cluster.sentences.push(s);
    clusters.set(key, cluster);
  };
  const headline = analysis.sentences.find((s) => s.isHeadline && s.hit);
  const weakLater: SentenceFacts[] = [];
  for (const s of analysis.sentences) {
    if (!s.hit || s.isHeadline) continue;
    if (s.hit.strength === 'strong' || (s.isLead && s.truce.length > 0)) join(s, occurredDate(s, analysis));
    else weakLater.push(s);
  }
  if (headline) {
    // Headlines rarely carry a date: they report the same development as the first body sentence of that type.
    const own = headline.dates.some((d) => d.role === 'occurred');
    const sameType = [...clusters.values()].filter((c) => c.type === headline.hit!.type);
    const first = sameType.sort((a, b) => a.sentences[0]!.index - b.sentences[0]!.index)[0];
    if (!own && first) first.sentences.unshift(headline);
    else join(headline, occurredDate(headline, analysis));
  }
  foldVagueDates(clusters);
  // Weak evidence only joins a development already reported in so many words.
  const reportedTypes = new Set([...clusters.values()].map((c) => c.type));
  for (const s of weakLater) {
    if (reportedTypes.has(s.hit!.type)) clusters.get(`${s.hit!.type}|${occurredDate(s, analysis).date}`)?.sentences.push(s);
  }
  return [...clusters.values()].filter(
    (c) =>
      !isAnnouncedStart(c, analysis) &&
      (c.sentences.some((s) => s.isHeadline) || daysBefore(c.occurred, analysis.reference) <= backgroundDays),
  );
}

/** A month's reading allows a day this far outside it: "last month" in early February can mean late January. */
const VAGUE_MONTH_SLACK_DAYS = 14;

/**
 * "The talks collapsed last week" and "the talks broke down last month" in one article are one
 * development told twice, once vaguely: a month-precision cluster joins a day-precision one of the same
 * type that falls in (or just after) that month.
 */
function foldVagueDates(clusters: Map<string, Cluster>): void {
  for (const [key, vague] of clusters) {
    if (vague.occurred.precision !== 'month') continue;
    const exact = [...clusters.values()].find((c) => {
      if (c === vague || c.type !== vague.type || c.occurred.precision !== 'day') return false;
      const gap = daysBetween(vague.occurred, c.occurred);
      return gap !== undefined && gap >= 0 && gap < 31 + VAGUE_MONTH_SLACK_DAYS && c.occurred.date.slice(0, 7) >= vague.occurred.date;
    });
    if (!exact) continue;
    exact.sentences.push(...vague.sentences);
    clusters.delete(key);
  }
}

/** "The truce takes effect on Wednesday": a start still ahead of the report is a plan, not an implementation. */
function isAnnouncedStart(cluster: Cluster, analysis: ArticleAnalysis): boolean {
  const start = dateOfRole(cluster.sentences, 'effective');
  return cluster.type === 'implementation' && start !== undefined && daysBefore(start, analysis.reference) < 0;
}

/** The development the article is mainly about: the headline's, else the one reported earliest and most. */
function primaryOf(clusters: Cluster[]): Cluster | undefined {
  const headline = clusters.find((c) => c.sentences.some((s) => s.isHeadline));
  if (headline) return headline;
  const firstIndex = (c: Cluster) => Math.min(...c.sentences.map((s) => s.index));
  return [...clusters].sort(
    (a, b) => firstIndex(a) - firstIndex(b) - (b.sentences.length - a.sentences.length) * 0.5,
  )[0];
}

const theatreNounAfter = new RegExp(`^\\s*(?:${language.theatreNouns.map(escapeRegExp).join('|')})\\b`, 'i');

/** Is this mention a side acting, rather than a place ("in Syria"), a label ("Syria ceasefire") or an adjective? */
function isPartyMention(m: ActorMention, s: SentenceFacts, analysis: ArticleAnalysis): boolean {
  if (m.actor.kind === 'organisation' || analysis.excluded.has(m.actor.id)) return false;
  if (s.places.some((p) => p.start < m.end && p.end > m.start)) return false; // "southern Lebanon"
  if (endsWithFormer(s.text.slice(Math.max(0, m.start - 12), m.start))) return false; // "the former Nigerian president"
  const after = s.text.slice(m.end);
  if (m.form === 'demonym' || /^['’]s\b/.test(after)) return governmentNounAfter.test(after);
  if (theatreNounAfter.test(after)) return false;
  // "Qatar said the truce was extended": a third state that reports a development is its source, not its side.
  if (m.actor.kind === 'state' && m.actor.id !== analysis.theatre && speechAfter.test(after)) return false;
  // "in Russia" and "Munich, Germany" name a place, not a side.
  const before = s.text.slice(Math.max(0, m.start - 30), m.start);
  // "the fight against Islamic State" names a target of the war, not a side of its truce.
  if (m.actor.kind === 'armed-group' && TARGET_BEFORE.test(before)) return false;
  return !LOCATIVE_BEFORE.test(before) && !/\p{Lu}[\p{L}.]+,\s*$/u.test(before);
}

/**
 * A civil war's truce has the state on one side: when a group that fights at home is a party, the
 * government of the theatre is too, once the text names it (its officials, "the government", "the army").
 */
function addHomeGovernment(score: Map<string, number>, sentences: SentenceFacts[], analysis: ArticleAnalysis): void {
  const home = analysis.theatre;
  if (!home || score.has(home) || actorById(home)?.kind !== 'state') return;
  const rebels = [...score.keys()].some((id) => actorById(id)?.kind === 'armed-group' && actorById(id)?.theatre === home);
  if (!rebels) return;
  const named = (s: SentenceFacts) =>
    s.actors.some((m) => m.actor.id === home) ||
    s.people.some((key) => analysis.people.get(key)?.actor === home) ||
    homeGovernmentWords.test(s.text);
  if (sentences.some(named) || analysis.sentences.some((s) => s.isLead && named(s))) score.set(home, 1);
}

/**
 * Who put a proposal forward: the sides named before "proposed" in its own clause ("Russia had proposed
 * a March 1 ceasefire, but the U.S. ..." is Russia's proposal, not the United States').
 */
function proposersOf(sentences: SentenceFacts[], analysis: ArticleAnalysis): Set<string> {
  const proposers = new Set<string>();
  for (const s of sentences) {
    if (s.hit?.type !== 'proposal' || s.isHeadline) continue;
    const clauseStart = Math.max(0, ...[...s.text.slice(0, s.hit.index).matchAll(/[;:—]|,\s*(?:but|while|whereas|and)\b/g)].map((m) => m.index! + m[0].length));
    for (const m of s.actors) {
      if (m.start >= clauseStart && m.end <= s.hit.index && isPartyMention(m, s, analysis)) proposers.add(m.actor.id);
    }
  }
  return proposers;
}

/** Parties in order of salience: headline first, then how often they are named. */
function partiesOf(cluster: Cluster, analysis: ArticleAnalysis, isPrimary: boolean, sides: ReadonlySet<string> = new Set()): Actor[] {
  const score = new Map<string, number>();
  const add = (id: string, points: number) => score.set(id, (score.get(id) ?? 0) + points);
  const sentences = isPrimary ? [...cluster.sentences, ...analysis.sentences.filter((s) => s.isLead)] : cluster.sentences;
  for (const s of new Set(sentences)) {
    const weight = s.isHeadline ? 3 : 1;
    for (const m of s.actors) if (isPartyMention(m, s, analysis)) add(m.actor.id, weight);
    for (const key of s.people) {
      const actor = analysis.people.get(key)?.actor;
      if (actor && (!analysis.mediators.has(actor) || sides.has(actor)) && actor !== analysis.theatre) add(actor, weight);
    }
  }
  addHomeGovernment(score, sentences, analysis);
  const proposers = cluster.type === 'proposal' ? proposersOf(cluster.sentences, analysis) : new Set<string>();
  return [...score.entries()]
    .filter(([id]) => proposers.size === 0 || proposers.has(id))
    .filter(([id, points]) => !(analysis.mediators.has(id) && !sides.has(id) && points < MEDIATOR_AS_PARTY) && actorById(id)?.kind !== 'organisation')
    .map(([id, points]) => ({ actor: toActor(actorById(id)!), points }))
    // Coalitions (ISSG) come after the states and groups that make them up.
    .sort((a, b) => Number(a.actor.kind === 'coalition') - Number(b.actor.kind === 'coalition') || b.points - a.points || a.actor.id.localeCompare(b.actor.id))
    .map(({ actor }) => actor);
}

function peopleOf(cluster: Cluster, analysis: ArticleAnalysis, isPrimary: boolean): Person[] {
  const keys = isPrimary ? [...analysis.people.keys()] : [...new Set(cluster.sentences.flatMap((s) => s.people))];
  return keys
    .map((k) => analysis.people.get(k))
    .filter((p): p is Person => Boolean(p))
    .slice(0, MAX_PEOPLE);
}

function placesOf(sentences: SentenceFacts[], analysis: ArticleAnalysis) {
  const withPrevious = sentences.flatMap((s) => {
    const previous = previousReference.test(s.text) ? analysis.sentences.find((p) => p.index === s.index - 1 && !p.isHeadline) : undefined;
    return previous ? [s, previous] : [s];
  });
  return withPrevious.flatMap((s) => s.places.map((p) => ({ mention: p, sentence: s })));
}

function isVenueMention(p: PlaceMention, s: SentenceFacts, type: EventType, theatre: string): boolean {
  // "the Minsk summit", "the Jeddah talks"
  if (NEGOTIATION_TYPES.has(type) && meetingNounAfter.test(s.text.slice(p.end))) return true;
  if (!p.preposition || !VENUE_PREPOSITIONS.has(p.preposition)) return false;
  // In the war zone itself only "talks in", "signed in", "met in" make a place the venue.
  if (p.place.country === theatre) return NEGOTIATION_TYPES.has(type) && MEETING_BEFORE.test(s.text.slice(Math.max(0, p.start - 40), p.start));
  // Talks happen somewhere: a foreign city after "in" is their venue even without "met" or "summit".
  return TALKS_TYPES.has(type) || venueWords.test(s.text);
}

/** Venues abroad first: a truce is rarely negotiated inside the town it protects. */
function firstVenue(candidates: { mention: PlaceMention; sentence: SentenceFacts }[], type: EventType, theatre: string) {
  const venues = candidates.filter(({ mention, sentence }) => isVenueMention(mention, sentence, type, theatre));
  return (venues.find(({ mention }) => mention.place.country !== theatre) ?? venues[0])?.mention.place;
}

function venueOf(cluster: Cluster, analysis: ArticleAnalysis, theatre: string, isPrimary: boolean): Place | undefined {
  const own = firstVenue(placesOf(cluster.sentences, analysis), cluster.type, theatre);
  if (own || !isPrimary) return own;
  const lead = analysis.sentences.filter((s) => s.isLead).flatMap((s) => s.places.map((mention) => ({ mention, sentence: s })));
  const fromLead = firstVenue(lead, cluster.type, theatre);
  if (fromLead) return fromLead;
  // A dateline says where the reporter is: where talks are reported, most likely where they were held.
  const dateline = analysis.dateline?.place;
  return dateline && NEGOTIATION_TYPES.has(cluster.type) ? dateline : undefined;
}

function dedupePlaces(places: Place[]): Place[] {
  const seen = new Set<string>();
  return places.filter((p) => {
    const key = `${p.country}:${p.geonameId ?? p.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dateOfRole(sentences: SentenceFacts[], role: DateMention['role']): DateRef | undefined {
  return sentences.flatMap((s) => s.dates).find((d) => d.role === role)?.ref;
}

/** The start date of the first sentence that says when the truce takes effect. */
function announcedStart(sentences: SentenceFacts[]): DateRef | undefined {
  for (const s of sentences) {
    const start = announcesStart(s.text) ? s.dates.find((d) => d.role === 'effective') : undefined;
    if (start) return start.ref;
  }
  return undefined;
}

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

/** The trigger phrase of the development's first strongly worded report, which picks the headline's wording. */
function leadingPhrase(sentences: SentenceFacts[]): string | undefined {
  return (sentences.find((s) => s.hit?.strength === 'strong') ?? sentences[0])?.hit?.phrase;
}

function headlineOf(type: EventType, phrase: string | undefined, parties: Actor[], truce: string, where: string, venue: Place | undefined): string {
  const singular = parties.length === 1;
  const line = headlineTemplate(type, phrase)
    .replace('{parties}', listNames(parties.map((p) => p.name)))
    .replace(/\{(agree|propose|extend|hold)\}/, (_, verb: string) => (singular ? `${verb}s` : verb))
    .replace('{truce}', truce)
    .replace('{Truce}', truce[0]!.toUpperCase() + truce.slice(1))
    .replace('{where}', where);
  return venue && !where.startsWith(venue.name) ? `${line} (${venue.name})` : line;
}

function confidenceOf(cluster: Cluster, parties: Actor[], isPrimary: boolean): number {
  let score = 0.45;
  if (cluster.sentences.some((s) => s.hit?.strength === 'strong')) score += 0.15;
  if (isPrimary) score += 0.15;
  if (cluster.sentences.length > 1) score += 0.1;
  if (cluster.occurred.basis === 'explicit' || cluster.occurred.basis === 'relative' || cluster.occurred.basis === 'metadata') score += 0.05;
  if (parties.length >= 2) score += 0.05;
  if (cluster.occurred.ambiguous) score -= 0.1;
  return Math.round(Math.min(0.95, Math.max(0.05, score)) * 100) / 100;
}

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

export function assembleEvents(analysis: ArticleAnalysis): CeasefireEvent[] {
  const { article, theatre } = analysis;
  if (!analysis.relevant || !theatre) return [];
  const clusters = clustersOf(analysis);
  const primary = primaryOf(clusters);
  const theatreActor = actorById(theatre);
  // When the truce starts, as reported by a sentence saying it takes or took effect; agreements inherit it.
  const implementation = clusters.find((c) => c.type === 'implementation');
  const startOfTruce =
    (implementation ? (dateOfRole(implementation.sentences, 'effective') ?? implementation.occurred) : undefined) ??
    announcedStart(analysis.sentences);
  const startFollowing = (agreed: DateRef) => {
    const gap = startOfTruce ? daysBetween(agreed, startOfTruce) : undefined;
    return gap !== undefined && gap >= 0 && gap <= MAX_DAYS_TO_START ? startOfTruce : undefined;
  };
  const sorted = clusters.map((cluster) => ({ ...cluster, sentences: [...cluster.sentences].sort((a, b) => a.index - b.index) }));
  // A side of the war, or of the article's main development, does not mediate it ("Russian envoy" in Syria).
  const primaryIndex = clusters.indexOf(primary!);
  const primaryParties = primaryIndex >= 0 ? partiesOf(sorted[primaryIndex]!, analysis, true) : [];
  const sides = new Set([theatre, ...primaryParties.map((p) => p.id)]);
  const partiesByCluster = sorted.map((cluster, i) => (i === primaryIndex ? primaryParties : partiesOf(cluster, analysis, false, sides)));
  const events = sorted.map((cluster, i) => {
    const { sentences } = cluster;
    const isPrimary = clusters[i] === primary;
    const parties = partiesByCluster[i]!;
    const venue = venueOf(cluster, analysis, theatre, isPrimary);
    const areaSentences = isPrimary ? [...sentences, ...analysis.sentences.filter((s) => s.isHeadline)] : sentences;
    const areas = dedupePlaces(
      placesOf(areaSentences, analysis)
        .filter(({ mention, sentence }) => !isDateline(mention, sentence))
        .map(({ mention }) => mention.place)
        .filter((p) => p.country === theatre && !(venue && p.name === venue.name)),
    );
    // A violation has accusers, not mediators; every other development keeps the truce's mediators.
    const mediatorTypes = cluster.type !== 'violation';
    const partyIds = new Set(parties.map((p) => p.id));
    const mediators = mediatorTypes
      ? [...analysis.mediators].filter((id) => !partyIds.has(id) && !sides.has(id)).sort().map((id) => toActor(actorById(id)!))
      : [];
    const excluded = [...analysis.excluded].sort().map((id) => toActor(actorById(id)!));
    const effective =
      dateOfRole(sentences, 'effective') ??
      (cluster.type === 'implementation'
        ? cluster.occurred
        : cluster.type === 'agreement'
          ? (startFollowing(cluster.occurred) ?? (sentences.some((s) => startsAtOnce.test(s.text)) ? cluster.occurred : undefined))
          : undefined);
    const ends = dateOfRole(sentences, 'ends');
    // A truce that "began on 22 May" took effect then, whenever the report that says so was written.
    const occurred = cluster.type === 'implementation' && effective && daysBefore(effective, analysis.reference) >= 0 ? effective : cluster.occurred;
    const theatreName = theatreActor?.name ?? theatre;
    const where = areas[0] ? `${areas[0].name}, ${theatreName}` : theatreName;
    const truce = truceName(sentences.length ? sentences : analysis.sentences);
    const source = {
      articleId: article.id,
      title: article.title,
      ...(article.url ? { url: article.url } : {}),
      ...(article.publisher ? { publisher: article.publisher } : {}),
      ...(analysis.reference.ref.basis !== 'received' ? { publishedAt: analysis.reference.ref.date } : {}),
    };
    const event: CeasefireEvent = {
      id: eventId(cluster.type, theatre, occurred.date, parties),
      schemaVersion: SCHEMA_VERSION,
      type: cluster.type,
      headline: headlineOf(cluster.type, leadingPhrase(sentences), parties, truce, where, venue),
      summary: summaryOf(sentences),
      occurred,
      ...(effective ? { effective } : {}),
      ...(ends ? { ends } : {}),
      theatre: { country: theatre, areas },
      ...(venue ? { venue } : {}),
      parties,
      mediators,
      excluded,
      people: peopleOf(cluster, analysis, isPrimary),
      codes: triggerCodes[cluster.type],
      evidence: sentences.map((s) => ({
        articleId: article.id,
        quote: s.text,
        ...(s.start !== undefined ? { start: s.start, end: s.end } : {}),
      })),
      sources: [source],
      confidence: confidenceOf(cluster, parties, isPrimary),
      firstReportedAt: article.receivedAt,
      updatedAt: article.receivedAt,
    };
    return { event, isPrimary };
  });
  // The primary development first, the rest in the order the article reports them.
  return events.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary)).map((e) => e.event);
}

/** The theatre as a Place, for a map point when an event names no area. */
export function theatrePlace(country: string): Place | undefined {
  const actor = actorById(country);
  return actor ? countryPlace(actor.name, country, actor.centroid) : undefined;
}
