/**
 * Stage 1, candidates: every sentence whose trigger survived negation, hedging and tense (triggers.ts)
 * is a candidate development, with the day the sentence gives for it and, when its clause recalls the
 * development rather than reporting it (past perfect, a relative clause, "since", "the previous truce"),
 * why.
 */
import type { DateRef, EventType } from '#schemas/event.ts';
import type { ArticleAnalysis, SentenceFacts } from './analyse.ts';
import { type Clause, clauseAt } from './clauses.ts';
import language from './data/language.json' with { type: 'json' };
import { daysBefore } from './dates.ts';
import { escapeRegExp, phraseRegExp, wordsBefore } from './text.ts';
import { excerpt, sentenceLabel, type Trace } from './trace.ts';
import { backgroundDays, SHORT_PHRASE_WORDS, type TriggerHit } from './triggers.ts';

export interface Candidate {
  sentence: SentenceFacts;
  hit: TriggerHit;
  /** The day the sentence gives for its development, else the article's date. */
  stated: DateRef;
  /** Why the sentence recalls its development as context rather than reporting it as news. */
  recalled?: string;
  /** Where the part of the sentence that recalls starts: a relative clause recalls only itself, the rest the whole sentence. */
  recalledFrom?: number;
  /** A direct quotation: a reaction that may add evidence to the news but reports none of its own. */
  quoted: boolean;
}

const recallCue = new RegExp(`${phraseRegExp(language.recallCues.map(escapeRegExp), 'i').source}|${language.recallPatterns.join('|')}`, 'i');
/** "has held its meetings online since the pandemic": what has gone on for a while (a present perfect with "since"), not what happened. */
const SINCE_AFTER = /^[^,;:—]*?\bsince\b/i;
const LASTING = new Set<EventType>(['violation', 'implementation']);
const PRESENT_PERFECT = /\b(?:has|have)\b/;
const HAS_HELD = /\b(?:has|have)(?: \w+ly)? held\b/i;
/** A sentence that opens with a quotation mark is someone's words: a reaction. */
const QUOTATION = /^["“‘']/;
/** "had agreed", "had already been signed": the past before the past, unless backshifted by "said". */
const PAST_PERFECT = /\bhad(?: (?:also|already|previously|earlier|just|first|originally|not|never|been|each|all|both))*$/;

/**
 * The date a sentence's development happened: the 'occurred' date nearest the trigger's verb (for a collapse, its end too),
 * never after the report. A long trigger is subject ... verb: "the ceasefire signed on 21 June ... collapsed on Tuesday".
 */
export function statedDate(s: SentenceFacts, analysis: ArticleAnalysis, hit = s.hit): DateRef {
  const long = hit !== undefined && hit.phrase.split(' ').length > SHORT_PHRASE_WORDS;
  const triggerAt = hit ? hit.index + (long ? hit.phrase.lastIndexOf(' ') + 1 : 0) : 0;
  // A truce that "expired at 7 p.m. on Sunday" ended that day: for its collapse, the end is when it happened.
  const roles = hit?.type === 'collapse' ? ['occurred', 'ends'] : ['occurred'];
  const candidates = s.dates.filter((d) => roles.includes(d.role) && daysBefore(d.ref, analysis.reference) >= -1);
  candidates.sort((a, b) => Math.abs(a.start - triggerAt) - Math.abs(b.start - triggerAt));
  return candidates[0]?.ref ?? analysis.reference.ref;
}

/**
 * Why the trigger's clause recalls its development, if it does. The clause is read at the trigger's verb:
 * its first word ("agreed to a truce") or, for a phrase built around the truce, its last ("a truce ... that collapsed").
 */
function recallOf(s: SentenceFacts, hit: TriggerHit, analysis: ArticleAnalysis): { why: string; from: number } | undefined {
  if (s.isHeadline) return undefined;
  const clause = clauseOfHit(s.text, hit);
  // A relative clause recalls only itself: its sentence's main clause may still report.
  if (clause.kind === 'relative') return { why: `told in a relative clause ('${clause.opener} ...')`, from: clause.start };
  const why = wholeSentenceRecall(s, hit, clause, analysis);
  return why === undefined ? undefined : { why, from: 0 };
}

/** The clause a trigger's verb is in: its last word's for a short phrase ("a truce in 2008 that collapsed"), else its first's. */
function clauseOfHit(text: string, hit: TriggerHit): Clause {
  const lastWord = hit.index + hit.phrase.lastIndexOf(' ') + 1;
  // In a short phrase the verb's clause is the trigger's ("a truce in 2008 that collapsed"); a long one is
  // subject ... verb, and a relative clause between them ("the truce that gave Yemen its respite ... expired") is not the verb's.
  const short = hit.phrase.split(' ').length <= SHORT_PHRASE_WORDS;
  const atLast = short ? clauseAt(text, lastWord) : undefined;
  return atLast && atLast.start > hit.index ? atLast : clauseAt(text, hit.index);
}

/** Why the trigger's clause, not a relative one, recalls its development, if it does. */
function wholeSentenceRecall(s: SentenceFacts, hit: TriggerHit, clause: Clause, analysis: ArticleAnalysis): string | undefined {
  const lastWord = hit.index + hit.phrase.lastIndexOf(' ') + 1;
  // Violations and a truce holding "since it began" are states that last until the news: only other developments become the past.
  const ongoing = !LASTING.has(hit.type) && /\b(?:has|have)(?: \w+ly)?$/.test(wordsBefore(s.text, hit.index, 2)) && SINCE_AFTER.test(s.text.slice(hit.index + hit.phrase.length, hit.index + hit.phrase.length + 60));
  if (clause.opener === 'since' || ongoing) {
    return "told as what has been so since ('since ...')";
  }
  // "A ceasefire took effect in early August, but both sides have accused each other of breaching it": breaches of a
  // truce months old, told in the present perfect with no day of their own, are how things stand.
  if (hit.type === 'violation' && PRESENT_PERFECT.test(clause.prefix) && !s.dates.some((d) => d.role === 'occurred') && s.dates.some((d) => daysBefore(d.ref, analysis.reference) > backgroundDays)) {
    return 'told in the present perfect, of a truce dated long before: how things stand, not a development';
  }
  // "The truce has largely held": a truce holding, with no day said, is how things stand; "has held since Friday" is news.
  if (hit.type === 'implementation' && HAS_HELD.test(hit.phrase) && s.dates.length === 0) return 'a truce told as holding, with no day: how things stand, not a development';
  const pastPerfect = PAST_PERFECT.test(wordsBefore(s.text, hit.index, 4)) || /^had\b/i.test(hit.phrase) || PAST_PERFECT.test(wordsBefore(s.text, lastWord, 3));
  if (clause.kind !== 'reported' && pastPerfect) return 'past perfect';
  const cue = recallCue.exec(`${clause.prefix} ${hit.phrase}`);
  return cue ? `a word of the past ('${cue[0]}')` : undefined;
}

/** "called for", "urged", "appealed for", "demanded" a truce. */
const APPEAL = /^(?:call|urg|demand|appeal)/i;

/**
 * A call for a truce is a proposal when a state or a side makes it ("The United States, France and allies
 * called for a 21-day ceasefire"); from an organisation, a commentator or nobody named, it is an appeal.
 */
function isAppeal(s: SentenceFacts, hit: TriggerHit): boolean {
  if (hit.type !== 'proposal' || !APPEAL.test(hit.phrase)) return false;
  const clause = clauseAt(s.text, hit.index);
  return !s.actors.some((m) => m.start >= clause.start && m.end <= hit.index && m.actor.kind !== 'organisation');
}

export function findCandidates(analysis: ArticleAnalysis, trace?: Trace): Candidate[] {
  const candidates: Candidate[] = [];
  for (const s of analysis.sentences) {
    for (const r of s.rejected) trace?.note('candidates', sentenceLabel(s.index), `no ${r.type}: '${r.phrase}'`, r.why);
    if (!s.hit) continue;
    if (isAppeal(s, s.hit)) {
      trace?.note('candidates', sentenceLabel(s.index), `no ${s.hit.type}: '${s.hit.phrase}'`, 'an appeal by no state or side (the UN chief, a newspaper), not a proposal');
      continue;
    }
    // The headline announces one development: the one its body reports first.
    for (const hit of s.isHeadline || !s.hit.alongside ? [s.hit] : [s.hit, s.hit.alongside]) {
      const stated = statedDate(s, analysis, hit);
      const recall = recallOf(s, hit, analysis);
      const recalled = recall?.why;
      const quoted = QUOTATION.test(s.text);
      candidates.push({ sentence: s, hit, stated, quoted, ...(recall ? { recalled: recall.why, recalledFrom: recall.from } : {}) });
      trace?.note(
        'candidates',
        sentenceLabel(s.index),
        `${hit.type} (${hit.strength}${recalled ? ', recalled' : ''}${quoted ? ', quoted' : ''}) on ${stated.date} [${stated.basis}]`,
        `trigger '${hit.phrase}' in “${excerpt(s.text, hit.index)}”${recalled ? `; recalled: ${recalled}` : ''}`,
      );
    }
  }
  return candidates;
}

/**
 * Sentences that only recall developments ("three truces brokered in October by Russia, France and the US had each
 * collapsed"), each with where its recalling part starts: their roles there are not the news's. In "a compromise was
 * brokered by Zambia under which the truce was signed" only the relative clause recalls.
 */
export function recalledSentences(candidates: readonly Candidate[]): Map<SentenceFacts, number> {
  const reporting = new Set(candidates.filter((c) => !c.recalled).map((c) => c.sentence));
  const recalled = new Map<SentenceFacts, number>();
  for (const c of candidates) {
    if (!c.recalled || c.hit.strength !== 'strong' || reporting.has(c.sentence)) continue;
    recalled.set(c.sentence, Math.min(recalled.get(c.sentence) ?? Infinity, c.recalledFrom ?? 0));
  }
  return recalled;
}
