/**
 * Stage 2, selection: which candidates are the article's news, and which of them are one development.
 * Candidates of one type on one day form a development; a headline joins the development it announces;
 * a development told once by its day and once by its month is one; weak wording only adds evidence to a
 * development reported in so many words; a start still ahead, and developments dated well before the
 * news, are not news. The primary development is the headline's, else the one reported earliest and most.
 */
import type { DateRef, EventType } from '#schemas/event.ts';
import type { ArticleAnalysis, SentenceFacts } from './analyse.ts';
import type { Candidate } from './candidates.ts';
import { dateOfRole, SAME_EPISODE_DAYS } from './dating.ts';
import { daysBefore, daysBetween, isUndated } from './dates.ts';
import { type ArticleRoles, locatives } from './roles.ts';
import triggerData from './data/triggers.json' with { type: 'json' };
import { wordsBefore } from './text.ts';
import { sentenceLabel, type Trace } from './trace.ts';
import { backgroundDays, endedWithoutDeal, reportsStepDone } from './triggers.ts';

export interface Development {
  /** D1, D2... in the order the article reports them: how `--explain` names it. */
  label: string;
  type: EventType;
  occurred: DateRef;
  /** Its evidence, in article order (the headline first). */
  sentences: SentenceFacts[];
  /** For a deal: the sentences that state its terms (aid to enter, releases to come, a possible extension). */
  terms: SentenceFacts[];
  isPrimary: boolean;
}

interface Cluster {
  type: EventType;
  occurred: DateRef;
  sentences: SentenceFacts[];
  terms: SentenceFacts[];
}

/** Weak wording forms a development of its own only in the first sentences of the body, with a truce named ("in ceasefire talks on Monday"). */
const WEAK_FORMS_IN = 2;
const keyOf = (type: EventType, date: string) => `${type}|${date}`;
const describe = (c: Cluster) => `${c.type} on ${c.occurred.date}`;

/** A month's reading allows a day this far outside it: "last month" in early February can mean late January. */
const VAGUE_MONTH_SLACK_DAYS = 14;

/**
 * "The talks collapsed last week" and "the talks broke down last month" in one article are one
 * development told twice, once vaguely: a month-precision cluster joins a day-precision one of the same
 * type that falls in (or just after) that month.
 */
function foldVagueDates(clusters: Map<string, Cluster>, trace?: Trace): void {
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
    trace?.note('selection', describe(vague), `same development as ${describe(exact)}`, 'the same type told once by its month and once by its day');
  }
}

/**
 * The sides a development's own sentences name acting (not "in Syria"): who took part in it. The theatre's
 * state and the groups left out of the truce are named everywhere in such an article and tell nothing.
 */
function sidesOf(cluster: Cluster, analysis: ArticleAnalysis, roles: ArticleRoles): Set<string> {
  const sides = new Set<string>();
  for (const s of cluster.sentences) {
    if (s.isHeadline) continue;
    for (const m of s.actors) if (m.actor.kind !== 'organisation' && !locatives.has(wordsBefore(s.text, m.start, 1))) sides.add(m.actor.id);
    for (const key of s.people) {
      const actor = analysis.people.get(key)?.actor;
      if (actor) sides.add(actor);
    }
  }
  sides.delete(roles.theatre ?? '');
  for (const id of roles.excluded) sides.delete(id);
  return sides;
}

/** A development dated only by the article ("the group had also agreed") and one the text dates within this week are one. */
const SAME_DEAL_DAYS = 7;

/**
 * The same deal dated two ways is one deal: sentences that give no day for a development join the one
 * development of that type the text does date, when that day is within a few days of the article.
 */
function foldUndated(clusters: Map<string, Cluster>, trace?: Trace): void {
  for (const [key, undated] of clusters) {
    if (!isUndated(undated.occurred)) continue;
    const within = ONE_OFF_TYPES.has(undated.type) ? SAME_DEAL_DAYS : SAME_EPISODE_DAYS;
    const dated = recentOfType(clusters, undated.type, undated.occurred, within);
    if (!dated) continue;
    dated.sentences.push(...undated.sentences);
    clusters.delete(key);
    trace?.note('selection', describe(undated), `same development as ${describe(dated)}`, 'the same type, once with no day given and once dated days before the article');
  }
}

/** A deal is struck, and a truce takes effect, once: told again without a day, it is the same one. Violations and talks recur. */
const ONE_OFF_TYPES = new Set<EventType>(['agreement', 'extension', 'implementation']);

/**
 * "Signed late on Saturday" and "agreed on Sunday", "began at midnight" and "took effect on Saturday": a deal or
 * a start told at two days in a row is one, dated as the text first tells it (the headline's, else the first report).
 */
function foldNextDay(clusters: Map<string, Cluster>, trace?: Trace): void {
  const firstReport = (c: Cluster) => (c.sentences.some((s) => s.isHeadline) ? -2 : Math.min(...c.sentences.map((s) => s.index)));
  for (const [key, later] of [...clusters].sort(([, a], [, b]) => firstReport(b) - firstReport(a))) {
    if (!ONE_OFF_TYPES.has(later.type) || isUndated(later.occurred) || later.occurred.precision !== 'day') continue;
    const first = [...clusters.values()].find((c) => {
      const gap = c !== later && c.type === later.type && c.occurred.precision === 'day' && !isUndated(c.occurred) ? daysBetween(c.occurred, later.occurred) : undefined;
      return gap !== undefined && Math.abs(gap) === 1 && firstReport(c) < firstReport(later);
    });
    if (!first) continue;
    first.sentences.push(...later.sentences);
    clusters.delete(key);
    trace?.note('selection', describe(later), `same development as ${describe(first)}`, 'a deal or a start told at two days in a row is one');
  }
}

/**
 * "The truce brokered by the UN began at 7pm" and "Grundberg announced the deal on Friday": a development the
 * text reports without a day takes the day a weaker mention of the same type gives it, when only one such
 * day is given, within a few days of the article.
 */
function dateFromWeakMentions(clusters: Map<string, Cluster>, weak: Candidate[], trace?: Trace): void {
  for (const [key, undated] of clusters) {
    if (!isUndated(undated.occurred) || !ONE_OFF_TYPES.has(undated.type)) continue;
    const days = new Map<string, DateRef>();
    for (const c of weak) {
      if (c.hit.type !== undated.type || c.recalled || isUndated(c.stated)) continue;
      const gap = daysBetween(c.stated, undated.occurred);
      if (gap !== undefined && gap >= 0 && gap <= SAME_DEAL_DAYS) days.set(c.stated.date, c.stated);
    }
    const [day, more] = [...days.values()];
    if (!day || more || clusters.has(keyOf(undated.type, day.date))) continue;
    clusters.delete(key);
    clusters.set(keyOf(undated.type, day.date), { ...undated, occurred: day });
    trace?.note('selection', describe(undated), `dated ${day.date}`, 'the one day a weaker mention of the same development gives');
  }
}

/**
 * A deal mentioned again without its day ("the Houthi movement agreed to:") belongs to the one deal of its
 * type the text dates within a few days of the article. (Talks mentioned without a day are today's.)
 */
function datedHome(clusters: Map<string, Cluster>, c: Candidate): Cluster | undefined {
  return isUndated(c.stated) && ONE_OFF_TYPES.has(c.hit.type) ? recentOfType(clusters, c.hit.type, c.stated, SAME_DEAL_DAYS, { datedOnly: false }) : undefined;
}

/** The one development of `type` dated within `days` before `day` (by default among those the text dates). */
function recentOfType(clusters: Map<string, Cluster>, type: EventType, day: DateRef, days = SAME_EPISODE_DAYS, { datedOnly = true } = {}): Cluster | undefined {
  const recent = [...clusters.values()].filter((c) => {
    const gap = c.type === type && !(datedOnly && isUndated(c.occurred)) ? daysBetween(c.occurred, day) : undefined;
    return gap !== undefined && gap >= 0 && gap <= days;
  });
  return recent.length === 1 ? recent[0] : undefined;
}

/** An attack told as done, starting at the trigger. */
const attack = new RegExp(`^(?:${triggerData.attacksAfterTruce})`, 'i');
const afterTruce = new RegExp(triggerData.afterTruceCues, 'i');
/** An attack's phrase may go on past its trigger ('fired' → 'fired on', 'shells' → 'shells from the hills landed'). */
const ATTACK_OBJECT_CHARS = 50;

/**
 * The earliest day a truce of the article is in force: a start as reported, else the day it was agreed or
 * extended. (Dating's start of the truce, which agreements inherit, is the reported start only.)
 */
function earliestTruceDay(clusters: Map<string, Cluster>): DateRef | undefined {
  const starts = [...clusters.values()]
    .filter((c) => c.type === 'implementation' || c.type === 'agreement' || c.type === 'extension')
    .map((c) => (c.type === 'agreement' ? (dateOfRole(c.sentences, 'effective') ?? c.occurred) : c.occurred));
  return starts.sort((a, b) => (daysBetween(b, a) ?? 0))[0];
}

/**
 * "Within hours of the announcement, gunmen attacked two villages", below the lede of a truce: an attack
 * told as done against the truce violates it though the sentence does not name it. One dated before the
 * truce's start does not (one told as before it is no violation at all: the type's 'excludedBy').
 */
function isAttackOnTruce(c: Candidate, start: DateRef, analysis: ArticleAnalysis): boolean {
  if (c.hit.type !== 'violation' || c.recalled || c.quoted || !attack.test(c.sentence.text.slice(c.hit.index, c.hit.index + c.hit.phrase.length + ATTACK_OBJECT_CHARS))) return false;
  const gap = daysBetween(start, c.stated);
  if (gap === undefined || gap < 0 || daysBefore(c.stated, analysis.reference) > backgroundDays) return false;
  return afterTruce.test(c.sentence.text);
}

/** Talks produced a deal when the deal's sides took part in them: two shared sides, or all the deal names, or the talks name none. */
function sameNegotiation(talks: Cluster, deal: Cluster, analysis: ArticleAnalysis, roles: ArticleRoles): boolean {
  const dealSides = sidesOf(deal, analysis, roles);
  const talksSides = sidesOf(talks, analysis, roles);
  const shared = [...dealSides].filter((id) => talksSides.has(id)).length;
  return talksSides.size === 0 || shared >= Math.min(2, dealSides.size);
}

/**
 * One development, one event. Talks on the day they broke down are that breakdown; talks on the day they
 * produced a deal are that deal, unless they are reported as falling short of it (then the "agreement" is
 * progress in those talks); a proposal made the day of the talks or the deal it was discussed at is part of them.
 */
function foldSameNegotiation(clusters: Map<string, Cluster>, analysis: ArticleAnalysis, roles: ArticleRoles, trace?: Trace): void {
  const fold = (from: Cluster, into: Cluster, why: string) => {
    into.sentences.push(...from.sentences);
    clusters.delete(keyOf(from.type, from.occurred.date));
    trace?.note('selection', describe(from), `same development as ${describe(into)}`, why);
  };
  for (const talks of [...clusters.values()].filter((c) => c.type === 'talks')) {
    // "The summit was called off": the talks of the day are the ones that broke down.
    const breakdown = clusters.get(keyOf('breakdown', talks.occurred.date));
    if (breakdown) {
      fold(talks, breakdown, 'the talks of that day are the ones reported breaking down');
      continue;
    }
    // "the conclusion of the peace talks", told without a day beside the deal agreed on Wednesday: the talks that produced it.
    const deal = clusters.get(keyOf('agreement', talks.occurred.date)) ?? (isUndated(talks.occurred) ? recentOfType(clusters, 'agreement', talks.occurred, SAME_DEAL_DAYS) : undefined);
    if (!deal || !sameNegotiation(talks, deal, analysis, roles)) continue;
    const fellShort = talks.sentences.some((s) => s.hit && endedWithoutDeal(s.hit));
    if (fellShort) fold(deal, talks, 'the talks are reported as falling short: what was agreed is progress in them');
    else fold(talks, deal, 'the talks produced the deal, the same day and with the same sides');
  }
  // "Efforts to extend the truce failed ... the truce expired": the talks that failed are part of its end.
  for (const failed of [...clusters.values()].filter((c) => c.type === 'breakdown')) {
    const end = clusters.get(keyOf('collapse', failed.occurred.date)) ?? (isUndated(failed.occurred) ? recentOfType(clusters, 'collapse', failed.occurred) : undefined);
    if (end) fold(failed, end, 'talks that failed the day the truce ended are part of its end');
  }
  for (const proposal of [...clusters.values()].filter((c) => c.type === 'proposal')) {
    // A proposal told without a day beside a deal of the days before (a pardon offered with a declared truce) is part of it.
    const into =
      clusters.get(keyOf('agreement', proposal.occurred.date)) ??
      clusters.get(keyOf('talks', proposal.occurred.date)) ??
      (isUndated(proposal.occurred) ? recentOfType(clusters, 'agreement', proposal.occurred, SAME_DEAL_DAYS) : undefined);
    if (into) {
      fold(proposal, into, `a proposal the same day as the ${into.type} it was part of`);
      continue;
    }
    // "The state had offered to extend the ceasefire" in a report of its expiry: the offer refused is part of the end.
    const end = offersExtension(proposal) ? recentOfType(clusters, 'collapse', proposal.occurred, SAME_EPISODE_DAYS, { datedOnly: false }) : undefined;
    if (end) fold(proposal, end, 'an offer to extend the truce, reported with its end, is part of that end');
  }
  // "The truce took effect at midnight" beside the deal that set it, that day or told without a day since (a truce
  // is agreed no later than it starts): the deal's start, not a development of its own.
  for (const start of [...clusters.values()].filter((c) => c.type === 'implementation')) {
    // A start is dated by the day it took effect ("took effect on Monday evening").
    const startDay = dateOfRole(start.sentences, 'effective') ?? start.occurred;
    const deals = [...clusters.values()].filter((c) => c.type === 'agreement');
    const since = (c: Cluster) => daysBetween(startDay, c.occurred) ?? -1;
    const deal = clusters.get(keyOf('agreement', startDay.date)) ?? (deals.length === 1 && isUndated(deals[0]!.occurred) && since(deals[0]!) > 0 && since(deals[0]!) <= SAME_EPISODE_DAYS ? deals[0] : undefined);
    if (!deal) continue;
    // Told as the headline's news ("Syria ceasefire takes effect"), the start is the development; else the deal is.
    if (start.sentences.some((s) => s.isHeadline)) fold(deal, start, 'a deal struck the day its truce took effect is part of that start, the headline\'s news');
    else fold(start, deal, 'a truce that took effect the day it was agreed is that deal taking effect');
  }
}

const offersExtension = (proposal: Cluster) => proposal.sentences.some((s) => s.rejected.some((r) => r.planned && r.type === 'extension'));

const DEAL_TYPES = new Set<EventType>(['agreement', 'extension']);
/** Planned or possible steps of these types are how a deal's terms read ("aid is to enter", "can be extended"). */
const TERM_TYPES = new Set<EventType>(['humanitarian', 'extension']);

/**
 * Terms are not developments: aid, releases and exchanges reported the day a deal is struck are its
 * terms, and so are the steps the article says are to come or may come. They go with the deal.
 */
function foldTerms(clusters: Map<string, Cluster>, sentences: SentenceFacts[], trace?: Trace): void {
  const deals = [...clusters.values()].filter((c) => DEAL_TYPES.has(c.type));
  if (deals.length === 0) return;
  for (const [key, step] of clusters) {
    const provided = step.type === 'humanitarian' && !step.sentences.some((s) => s.hit && reportsStepDone(s.hit.phrase));
    const deal = provided ? deals.find((d) => d.occurred.date === step.occurred.date) : undefined;
    if (!deal) continue;
    deal.terms.push(...step.sentences);
    clusters.delete(key);
    trace?.note('selection', describe(step), `terms of ${describe(deal)}`, 'a humanitarian step reported the day of the deal, not as carried out, is one of its terms');
  }
  const isTerm = (s: SentenceFacts) => s.rejected.some((r) => r.planned && TERM_TYPES.has(r.type));
  // "Under the deal, 50 hostages are to be released": a sentence that names the deal only to state a term is that term.
  for (const deal of deals) {
    const terms = deal.sentences.filter((s) => s.hit?.strength === 'weak' && isTerm(s));
    deal.sentences = deal.sentences.filter((s) => !terms.includes(s));
    deal.terms.push(...terms);
  }
  const main = deals[0]!;
  const used = new Set([...clusters.values()].flatMap((c) => [...c.sentences, ...c.terms]));
  for (const s of sentences) {
    if (used.has(s) || s.isHeadline || !isTerm(s)) continue;
    main.terms.push(s);
    trace?.note('selection', sentenceLabel(s.index), `term of ${describe(main)}`, 'a step the deal provides for, still to come or possible');
  }
}

/** "The truce takes effect on Wednesday": a start still ahead of the report is a plan, not an implementation. */
function isAnnouncedStart(cluster: Cluster, analysis: ArticleAnalysis): boolean {
  const start = dateOfRole(cluster.sentences, 'effective');
  return cluster.type === 'implementation' && start !== undefined && daysBefore(start, analysis.reference) < 0;
}

/** What is left of an article's candidates once the news is chosen: context, not feed items. */
export interface BackgroundNote {
  type: EventType;
  date: string;
  sentence: SentenceFacts;
}

interface Selection {
  clusters: Cluster[];
  background: BackgroundNote[];
}

function clustersOf(candidates: Candidate[], analysis: ArticleAnalysis, roles: ArticleRoles, trace?: Trace): Selection {
  const clusters = new Map<string, Cluster>();
  const background: BackgroundNote[] = [];
  const join = (c: Candidate, occurred: DateRef) => {
    const key = keyOf(c.hit.type, occurred.date);
    const cluster = clusters.get(key) ?? { type: c.hit.type, occurred, sentences: [], terms: [] };
    cluster.sentences.push(c.sentence);
    clusters.set(key, cluster);
  };
  const headline = candidates.find((c) => c.sentence.isHeadline);
  const canForm = (c: Candidate) => !c.sentence.isHeadline && !c.quoted && (c.hit.strength === 'strong' || (c.sentence.index < WEAK_FORMS_IN && c.sentence.truce.length > 0));
  // Only a development reported as news forms an event; recalled ones are context, unless nothing else is reported.
  const reported = candidates.filter((c) => canForm(c) && !c.recalled);
  // In history told as history, a development counts only where the text dates it to the article's days.
  const isNews = (c: Candidate) => !analysis.retrospective || (!isUndated(c.stated) && daysBefore(c.stated, analysis.reference) <= backgroundDays);
  const fallback = analysis.retrospective ? [] : candidates.filter(canForm);
  const forming = new Set((reported.length > 0 ? reported : fallback).filter(isNews));
  const joinLater: Candidate[] = [];
  for (const c of candidates) {
    if (c.sentence.isHeadline) continue;
    if (forming.has(c)) join(c, c.stated);
    else joinLater.push(c);
  }
  if (headline && isNews(headline)) {
    // Headlines rarely carry a date: they report the same development as the first body sentence of that type.
    // With none of its type, it announces a related one reported that day ("UAE-brokered deal" over a prisoner swap).
    const own = headline.sentence.dates.some((d) => d.role === 'occurred');
    const byFirstReport = (list: Cluster[]) => list.sort((a, b) => a.sentences[0]!.index - b.sentences[0]!.index)[0];
    const joins = new Set<EventType>((triggerData.headlineJoins as Partial<Record<EventType, EventType[]>>)[headline.hit.type] ?? []);
    const first =
      byFirstReport([...clusters.values()].filter((c) => c.type === headline.hit.type)) ??
      byFirstReport([...clusters.values()].filter((c) => joins.has(c.type) && c.occurred.date === headline.stated.date));
    if (!own && first) first.sentences.unshift(headline.sentence);
    else join(headline, headline.stated);
  }
  foldVagueDates(clusters, trace);
  dateFromWeakMentions(clusters, joinLater, trace);
  // Weak wording and recalled developments only join a development already reported as news in so many words.
  const reportedTypes = new Set([...clusters.values()].map((c) => c.type));
  const truceStart = earliestTruceDay(clusters);
  for (const c of joinLater) {
    const joined = reportedTypes.has(c.hit.type) ? (clusters.get(keyOf(c.hit.type, c.stated.date)) ?? datedHome(clusters, c)) : undefined;
    if (joined) joined.sentences.push(c.sentence);
    else if (truceStart && isAttackOnTruce(c, truceStart, analysis)) {
      join(c, c.stated);
      trace?.note('selection', sentenceLabel(c.sentence.index), `violation on ${c.stated.date}`, `an attack told as done on or after the truce's start (${truceStart.date})`);
    }
    else if (c.recalled && c.hit.strength === 'strong') {
      background.push({ type: c.hit.type, date: c.stated.date, sentence: c.sentence });
      trace?.note('selection', sentenceLabel(c.sentence.index), 'background', `${c.hit.type} recalled (${c.recalled}): context for the news, not news`);
    } else {
      const what = c.quoted ? 'a quotation' : c.recalled ? `recalled wording (${c.recalled})` : `weak wording ('${c.hit.phrase}')`;
      trace?.note('selection', sentenceLabel(c.sentence.index), 'dropped', `${what} that no development of its type and day reported as news`);
    }
  }
  foldUndated(clusters, trace);
  foldNextDay(clusters, trace);
  foldSameNegotiation(clusters, analysis, roles, trace);
  foldTerms(clusters, analysis.sentences, trace);
  const kept = [...clusters.values()].filter((c) => {
    if (isAnnouncedStart(c, analysis)) {
      trace?.note('selection', describe(c), 'dropped', 'a start still ahead of the report is a plan, not a truce taking effect');
      return false;
    }
    if (c.sentences.some((s) => s.isHeadline) || daysBefore(c.occurred, analysis.reference) <= backgroundDays) return true;
    background.push(...c.sentences.map((sentence) => ({ type: c.type, date: c.occurred.date, sentence })));
    trace?.note('selection', describe(c), 'background', `dated more than ${backgroundDays} days before the article`);
    return false;
  });
  return { clusters: kept, background };
}

/** The development the article is mainly about: the headline's, else the one reported earliest and most. */
function primaryOf(clusters: Cluster[]): Cluster | undefined {
  const headline = clusters.find((c) => c.sentences.some((s) => s.isHeadline));
  if (headline) return headline;
  const firstIndex = (c: Cluster) => Math.min(...c.sentences.map((s) => s.index));
  return [...clusters].sort((a, b) => firstIndex(a) - firstIndex(b) - (b.sentences.length - a.sentences.length) * 0.5)[0];
}

export function selectDevelopments(
  candidates: Candidate[],
  analysis: ArticleAnalysis,
  roles: ArticleRoles,
  trace?: Trace,
): { developments: Development[]; background: BackgroundNote[] } {
  const { clusters, background } = clustersOf(candidates, analysis, roles, trace);
  const primary = primaryOf(clusters);
  const developments = clusters.map((cluster, i) => ({
    label: `D${i + 1}`,
    type: cluster.type,
    occurred: cluster.occurred,
    sentences: [...cluster.sentences].sort((a, b) => a.index - b.index),
    terms: [...cluster.terms].sort((a, b) => a.index - b.index),
    isPrimary: cluster === primary,
  }));
  for (const d of developments) {
    trace?.note('selection', d.label, `${d.isPrimary ? 'primary ' : ''}${d.type} on ${d.occurred.date}`, `evidence: ${d.sentences.map((s) => sentenceLabel(s.index)).join(', ')}`);
  }
  return { developments, background: background.sort((a, b) => a.sentence.index - b.sentence.index) };
}
