/**
 * Reads an article once into per-sentence facts (actors, people, places, dates, triggers) and
 * article-wide facts (reference date, theatre, excluded groups, mediators). Event assembly works
 * only from this analysis.
 */
import type { Article, Person } from '#schemas/event.ts';
import { type ActorMention, findActorMentions } from './actors.ts';
import language from './data/language.json' with { type: 'json' };
import triggerData from './data/triggers.json' with { type: 'json' };
import { type DateMention, findDates, type ReferenceDate, referenceDate } from './dates.ts';
import { endsWithFormer, findPeople, isMediatorRole, type PersonMention, surnameKey } from './people.ts';
import { findPlaceMentions, type PlaceMention } from './places.ts';
import { isRelevant, LEAD_SENTENCES, mentionsTruce } from './relevance.ts';
import { anyOf, escapeRegExp, nameFinder, phraseRegExp, type Sentence, splitSentences, wordsBefore } from './text.ts';
import { announcesStart, classifySentence, truceTerms, type TriggerHit } from './triggers.ts';

export interface SentenceFacts extends Sentence {
  isHeadline: boolean;
  isLead: boolean;
  readonly actors: ActorMention[];
  /** Keys (folded surnames) of the people this sentence names, fully or by surname. */
  people: string[];
  readonly places: PlaceMention[];
  truce: string[];
  hit?: TriggerHit;
  readonly dates: DateMention[];
}

export interface ArticleAnalysis {
  article: Article;
  relevant: boolean;
  reference: ReferenceDate;
  sentences: SentenceFacts[];
  /** Everyone named with a role, by folded surname, in order of first mention. */
  people: Map<string, Person>;
  theatre?: string;
  excluded: Set<string>;
  mediators: Set<string>;
  /** A dateline city ("GENEVA:", "KYIV, Ukraine (AP) —") at the top of the body. */
  dateline?: PlaceMention;
}

const locatives = new Set(language.locatives);
const LOCATIVE_FOR_CAPITAL = new Set(['in', 'at', 'to', 'from', 'near', 'outside', 'into', 'toward', 'towards']);
export const meetingNounAfter = new RegExp(`^\\s*(?:${language.meetingNouns.map(escapeRegExp).join('|')})\\b`, 'i');
const theatreNounAfter = new RegExp(`^\\s*(?:${language.theatreNouns.map(escapeRegExp).join('|')})\\b`, 'i');
const exclusion = new RegExp(triggerData.exclusionCues.join('|'), 'i');
const mediatorCue = anyOf(triggerData.mediatorCues, 'gi');
const previousReference = phraseRegExp(language.pronounsForPrevious.map(escapeRegExp), 'i');
const DATELINE = /^\s*([A-Z][A-Z' -]{2,40}?)(?:,\s*[A-Z][\p{L} .]+)?\s*(?:\([^)]{1,40}\))?\s*(?:[:—–-]{1,2})\s/u;

const future = phraseRegExp(triggerData.future, 'i');
export const MEETING_BEFORE = /\b(?:talks|meeting|met|meet|summit|conference|negotiations|hosted|signed|signing|days)\s+(?:held\s+)?(?:in|at)\s+(?:the\s+)?$/i;
const TRUCE_IN_BEFORE = new RegExp(`(?:${triggerData.truceTerms.join('|')})\\s+(?:in|for|across|over)\\s+(?:the\\s+)?$`, 'i');
/** "the war in Ukraine", "fighting across Sudan": the war's own place, whatever the dateline or venue. */
const WAR_IN_BEFORE = new RegExp(`\\b(?:${language.warNouns.map(escapeRegExp).join('|')})\\s+(?:in|on|against|across|over|throughout)\\s+(?:the\\s+)?(?:\\w+\\s+)?$`, 'i');

/** Capital cities that name a place ("talks in Moscow", "the Minsk summit") rather than a government. */
function capitalsAsGovernments(text: string, mentions: ActorMention[]): ActorMention[] {
  return mentions.filter(
    (m) => m.form !== 'capital' || !(LOCATIVE_FOR_CAPITAL.has(wordsBefore(text, m.start, 1)) || meetingNounAfter.test(text.slice(m.end))),
  );
}

/** What one sentence says. Actors, places and dates cost most: each is read only when something asks for it. */
class AnalysedSentence implements SentenceFacts {
  readonly index: number;
  readonly text: string;
  readonly start?: number;
  readonly end?: number;
  readonly isHeadline: boolean;
  readonly isLead: boolean;
  people: string[];
  truce: string[];
  hit?: TriggerHit;
  readonly #introduced: PersonMention[];
  readonly #reference: ReferenceDate;
  #actors?: ActorMention[];
  #places?: PlaceMention[];
  #dates?: DateMention[];

  constructor(sentence: Sentence, hasTruce: boolean, introduced: PersonMention[], reference: ReferenceDate, knownSurnames: (text: string) => string[]) {
    this.#introduced = introduced;
    this.#reference = reference;
    this.index = sentence.index;
    this.text = sentence.text;
    this.start = sentence.start;
    this.end = sentence.end;
    this.isHeadline = sentence.index === -1;
    this.isLead = this.isHeadline || sentence.index < LEAD_SENTENCES;
    this.truce = hasTruce ? truceTerms(this.text) : [];
    this.hit = classifySentence(this.text, hasTruce);
    const surnames = knownSurnames(this.text);
    this.people = [...new Set([...introduced.map((p) => surnameKey(p.person.name)), ...surnames.map(surnameKey)])];
  }

  get actors(): ActorMention[] {
    this.#actors ??= capitalsAsGovernments(this.text, findActorMentions(this.text));
    return this.#actors;
  }

  get places(): PlaceMention[] {
    this.#places ??= findPlaceMentions(this.text, [...this.actors, ...this.#introduced]);
    return this.#places;
  }

  get dates(): DateMention[] {
    this.#dates ??= this.hit || announcesStart(this.text) ? findDates(this.text, this.#reference, future.test(this.text)) : [];
    return this.#dates;
  }
}

/** "KYIV —" or "WASHINGTON/KYIV —" opening the body: where the reporter files from, not where the truce applies. */
export function isDateline(mention: PlaceMention, sentence: SentenceFacts): boolean {
  const written = sentence.text.slice(mention.start, mention.end);
  return sentence.index === 0 && mention.start < 40 && written.length > 2 && written === written.toUpperCase();
}

/** Sentences that speak of the truce or report a development, or open the article. */
const matters = (s: SentenceFacts) => s.isLead || s.truce.length > 0 || s.hit !== undefined;

/** Where the truce applies: the country named as the place of the conflict most often, headline counting double. */
function theatreOf(sentences: SentenceFacts[]): string | undefined {
  const score = new Map<string, number>();
  // No place of war named ("Russia quits the grain deal"): the state the truce sentences name most.
  const named = new Map<string, number>();
  const add = (country: string, points: number, to = score) => to.set(country, (to.get(country) ?? 0) + points);
  for (const s of sentences.filter(matters)) {
    const weight = s.isHeadline ? 2 : 1;
    for (const m of s.actors) {
      if (m.actor.kind === 'state') add(m.actor.id, 1, named);
      // A non-state side fights at home: naming Hamas points to Gaza more than naming Israel does.
      if (m.actor.theatre) add(m.actor.theatre, 2 * weight);
      if (m.actor.kind !== 'state') continue;
      const before = wordsBefore(s.text, m.start, 1);
      if (locatives.has(before) && m.form !== 'demonym') add(m.actor.id, 2 * weight);
      if (theatreNounAfter.test(s.text.slice(m.end))) add(m.actor.id, 2 * weight);
      if (WAR_IN_BEFORE.test(s.text.slice(Math.max(0, m.start - 40), m.start))) add(m.actor.id, 2 * weight);
    }
    for (const p of s.places) {
      // Where the reporter files from only breaks a tie.
      if (isDateline(p, s)) {
        add(p.place.country, 0.5);
        continue;
      }
      const before = s.text.slice(Math.max(0, p.start - 40), p.start);
      // Where talks are held says nothing of where the war is; "ceasefire in Gaza" says a lot.
      if (MEETING_BEFORE.test(before) || meetingNounAfter.test(s.text.slice(p.end))) continue;
      const truceBefore = TRUCE_IN_BEFORE.test(before) || WAR_IN_BEFORE.test(before) ? 2 : 0;
      if (p.preposition && locatives.has(p.preposition)) add(p.place.country, weight * (p.prominent ? 2 : 1) + truceBefore);
      else if (p.prominent) add(p.place.country, weight);
    }
  }
  return highest(score) ?? highest(named);
}

/** The key with the most points, the first counted on a tie. */
function highest(points: Map<string, number>): string | undefined {
  let best: string | undefined;
  for (const [key, value] of points) if (!best || value > points.get(best)!) best = key;
  return best;
}

/** Groups a sentence's exclusion cue points at ("would not apply to Islamic State"), or the previous sentence's. */
function excludedGroups(sentences: SentenceFacts[]): Set<string> {
  const excluded = new Set<string>();
  const groups = (s: SentenceFacts | undefined) => (s?.actors ?? []).filter((m) => m.actor.kind === 'armed-group').map((m) => m.actor.id);
  sentences.forEach((s, i) => {
    if ((s.truce.length === 0 && !/\b(?:truce|cease-?fire|agreement|deal)\b/i.test(s.text)) || !exclusion.test(s.text)) return;
    const own = groups(s);
    const borrowed = own.length === 0 && previousReference.test(s.text) ? groups(sentences[i - 1]) : [];
    for (const id of [...own, ...borrowed]) excluded.add(id);
  });
  return excluded;
}

const RELATIVE_CLAUSE = /,\s*(?:which|who)\s+(?:\w+\s+){0,2}$/i;

/** Actors named by a mediation cue ("brokered by Egypt", "Qatari mediators"), and the envoys' organisations. */
function mediatorsOf(sentences: SentenceFacts[], people: Map<string, Person>): Set<string> {
  const mediators = new Set<string>();
  for (const person of people.values()) if (person.actor && isMediatorRole(person.role)) mediators.add(person.actor);
  for (const s of sentences) {
    mediatorCue.lastIndex = 0;
    for (let cue = mediatorCue.exec(s.text); cue; cue = mediatorCue.exec(s.text)) {
      const cueEnd = cue.index + cue[0].length;
      // "mediated by X" names X after the cue; "Egyptian mediators" and "X-brokered" name it just before.
      const byAgent = /^\s*(?:[a-z]+\s+){0,3}?(?:by|of)\b/.test(s.text.slice(cueEnd));
      for (const m of s.actors) {
        if (m.actor.kind === 'armed-group' || locatives.has(wordsBefore(s.text, m.start, 1))) continue;
        if (endsWithFormer(s.text.slice(Math.max(0, m.start - 12), m.start))) continue;
        const after = m.start >= cueEnd && m.start - cueEnd <= (byAgent ? 60 : 45);
        // "Egyptian mediators", "Qatar-brokered"; "Angola's presidency, which has mediated" reaches further back.
        const gap = m.end <= cue.index ? s.text.slice(m.end, cue.index) : undefined;
        const before = gap !== undefined && (gap.length <= 25 || (gap.length <= 45 && RELATIVE_CLAUSE.test(gap)));
        const near = after || (!byAgent && before);
        if (near) mediators.add(m.actor.id);
      }
    }
  }
  return mediators;
}

/** "GENEVA:" or "KYIV, Ukraine (AP) —" opening one of the first paragraphs. */
function datelineOf(body: string): PlaceMention | undefined {
  const m = body
    .split('\n')
    .filter((line) => line.trim())
    .slice(0, 3)
    .map((line) => DATELINE.exec(line.slice(0, 120)))
    .find(Boolean);
  if (!m) return undefined;
  const name = m[1]!.trim().toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase());
  return findPlaceMentions(name, [])[0];
}

export function analyseArticle(article: Article): ArticleAnalysis {
  const reference = referenceDate(article);
  const bodySentences = splitSentences(article.body);
  const truceInSentence = bodySentences.map((s) => mentionsTruce(s.text, false));
  const relevant = isRelevant({
    headline: article.title,
    sentences: bodySentences.map((s) => s.text),
    truceInSentence,
    reportsDevelopment: (text) => classifySentence(text, true)?.strength === 'strong',
  });
  const base: Omit<ArticleAnalysis, 'sentences' | 'people'> = { article, relevant, reference, excluded: new Set(), mediators: new Set() };
  if (!relevant) return { ...base, sentences: [], people: new Map() };

  // First pass finds everyone introduced with a role, so later surname-only mentions ("Kerry said") resolve.
  const headline: Sentence = { index: -1, text: article.title };
  const all = [headline, ...bodySentences];
  const mentions = all.map((s) => findPeople(s.text));
  const people = new Map<string, Person>();
  for (const found of mentions) {
    for (const { person } of found) {
      const key = surnameKey(person.name);
      const known = people.get(key);
      if (!known || (person.name.split(' ').length > known.name.split(' ').length && !known.actor === !person.actor)) {
        people.set(key, { ...known, ...person, ...(known?.actor && !person.actor ? { actor: known.actor } : {}) });
      } else if (!known.actor && person.actor) known.actor = person.actor;
    }
  }
  const knownSurnames = nameFinder([...people.values()].map((p) => p.name.split(/\s+/).pop()!));

  const hasTruce = [mentionsTruce(article.title, true), ...truceInSentence];
  const sentences = all.map((s, i) => new AnalysedSentence(s, hasTruce[i]!, mentions[i]!, reference, knownSurnames));
  // A war has sides: a "ceasefire" in a text that names no state or armed group is a game, a film or a band.
  if (!sentences.filter(matters).some((s) => s.actors.some((m) => m.form !== 'capital' && m.actor.kind !== 'organisation'))) {
    return { ...base, relevant: false, sentences: [], people: new Map() };
  }
  return {
    ...base,
    sentences,
    people,
    theatre: theatreOf(sentences),
    excluded: excludedGroups(sentences),
    mediators: mediatorsOf(sentences, people),
    dateline: datelineOf(article.body),
  };
}
