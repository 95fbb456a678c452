/**
 * Reading, before the stages: an article once into per-sentence facts (actors, people, places, dates,
 * the trigger each sentence carries) and article-wide ones (relevance, reference date, people, dateline).
 * The stages (candidates, selection, roles, dates, events) work only from this analysis.
 */
import type { Article, Person } from '#schemas/event.ts';
import { futureWords } from './clauses.ts';
import { actorById, type ActorEntry, type ActorMention, type DefinedGroup, definedGroups, findActorMentions, findDefinedGroupMentions, type NamesakeReader, namesakeReader } from './actors.ts';
import language from './data/language.json' with { type: 'json' };
import { type DateMention, findDates, historyOpening, type ReferenceDate, referenceDate, storyYears } from './dates.ts';
import { findPeople, type PersonMention, surnameKey, withFullNames, withKnownPeople } from './people.ts';
import { findPlaceMentions, type PlaceMention } from './places.ts';
import { isRelevant, LEAD_SENTENCES, mentionsTruce } from './relevance.ts';
import { escapeRegExp, nameFinder, phraseRegExp, type Sentence, splitSentences, wordsBefore } from './text.ts';
import { type Trace } from './trace.ts';
import { announcesStart, classifySentence, type RejectedTrigger, truceTerms, type TriggerHit } from './triggers.ts';

export interface SentenceFacts extends Sentence {
  isHeadline: boolean;
  isLead: boolean;
  readonly actors: ActorMention[];
  /** Keys (folded surnames) of the people this sentence names, fully or by surname. */
  people: string[];
  readonly places: PlaceMention[];
  truce: string[];
  hit?: TriggerHit;
  /** Triggers that matched but were cancelled (negated, hedged...): terms of a deal are among them. */
  rejected: RejectedTrigger[];
  readonly dates: DateMention[];
}

export interface ArticleAnalysis {
  article: Article;
  relevant: boolean;
  reference: ReferenceDate;
  sentences: SentenceFacts[];
  /** Everyone named with a role, by folded surname, in order of first mention. */
  people: Map<string, Person>;
  /** A dateline city ("GENEVA:", "KYIV, Ukraine (AP) —") at the top of the body. */
  dateline?: PlaceMention;
  /** History told as history (an anniversary, "forty years on"): only what the text dates to the article's days is news. */
  retrospective: boolean;
  /** An actor by id: the dictionary's, or an armed group the article defines ("the Zomi Revolutionary Front (ZRF)"). */
  actorOf: (id: string) => ActorEntry | undefined;
}

const LOCATIVE_FOR_CAPITAL = new Set(['in', 'at', 'to', 'from', 'near', 'outside', 'into', 'toward', 'towards']);
export const meetingNounAfter = new RegExp(`^\\s*(?:${language.meetingNouns.map(escapeRegExp).join('|')})\\b`, 'i');
/** "Opinion: The world must demand a ceasefire", "Editorial | ...". */
const OPINION = new RegExp(`^\\s*(${language.opinionMarkers.map(escapeRegExp).join('|')})\\s*[:|—–-]`, 'i');
/** A publisher's section or category of opinion ("Opinion", "Columns"; "World, Comment"). */
const OPINION_SECTION = new RegExp(`^(?:${language.opinionMarkers.map(escapeRegExp).join('|')})s?$`, 'i');

/** Why the article is an opinion piece, if it is one: its headline's marker or its section. */
function opinionMarker(article: Article): string | undefined {
  const headline = OPINION.exec(article.title)?.[1];
  if (headline) return `its headline opens with '${headline}'`;
  const section = article.section?.split(/\s*[,;/>|]\s*/).find((part) => OPINION_SECTION.test(part));
  return section ? `its publisher files it under '${section}'` : undefined;
}
const retrospectiveCue = phraseRegExp(language.retrospectiveCues.map(escapeRegExp), 'i');
const DATELINE = /^\s*([A-Z][A-Z' -]{2,40}?)(?:,\s*[A-Z][\p{L} .]+)?\s*(?:\([^)]{1,40}\))?\s*(?:[:—–-]{1,2})\s/u;

export const MEETING_BEFORE = /\b(?:talks|meeting|met|meet|summit|conference|negotiations|hosted|signed|signing|days)\s+(?:held\s+)?(?:in|at)\s+(?:the\s+)?$/i;
/** The dictionary's mentions and those of the article's own groups, without overlaps, in text order. */
function withDefinedGroups(known: ActorMention[], defined: ActorMention[]): ActorMention[] {
  if (defined.length === 0) return known;
  const all = [...defined, ...known.filter((k) => !defined.some((d) => k.start < d.end && k.end > d.start))];
  return all.sort((a, b) => a.start - b.start);
}

/** "the South African capital Pretoria", "the capital, Kabul": the city named as a capital is a place. */
const CAPITAL_BEFORE = /\bcapital,?\s+$/i;

/** Capital cities that name a place ("talks in Moscow", "the Minsk summit") rather than a government. */
function capitalsAsGovernments(text: string, mentions: ActorMention[]): ActorMention[] {
  return mentions.filter(
    (m) =>
      m.form !== 'capital' ||
      !(
        LOCATIVE_FOR_CAPITAL.has(wordsBefore(text, m.start, 2).replace(/^.* the$|^the$/, (w) => w.split(' ')[0]!).split(' ').pop()!) ||
        meetingNounAfter.test(text.slice(m.end)) ||
        CAPITAL_BEFORE.test(text.slice(Math.max(0, m.start - 10), m.start))
      ),
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
  readonly rejected: RejectedTrigger[];
  readonly #introduced: PersonMention[];
  readonly #reference: ReferenceDate;
  readonly #groups: readonly DefinedGroup[];
  readonly #countries: { value: ReadonlySet<string> };
  readonly #namesakes: NamesakeReader;
  #actors?: ActorMention[];
  #places?: PlaceMention[];
  #dates?: DateMention[];

  constructor(
    sentence: Sentence,
    hasTruce: boolean,
    introduced: PersonMention[],
    reference: ReferenceDate,
    knownSurnames: (text: string) => string[],
    groups: readonly DefinedGroup[],
    classify: Classify,
    countries: { value: ReadonlySet<string> },
    namesakes: NamesakeReader,
  ) {
    this.#namesakes = namesakes;
    this.#groups = groups;
    this.#countries = countries;
    this.#introduced = introduced;
    this.#reference = reference;
    this.index = sentence.index;
    this.text = sentence.text;
    this.start = sentence.start;
    this.end = sentence.end;
    this.isHeadline = sentence.index === -1;
    this.isLead = this.isHeadline || sentence.index < LEAD_SENTENCES;
    this.truce = hasTruce ? truceTerms(this.text) : [];
    ({ hit: this.hit, rejected: this.rejected } = classify(this.text, hasTruce));
    const surnames = knownSurnames(this.text);
    this.people = [...new Set([...introduced.map((p) => surnameKey(p.person.name)), ...surnames.map(surnameKey)])];
  }

  get actors(): ActorMention[] {
    this.#actors ??= capitalsAsGovernments(this.text, withDefinedGroups(this.#namesakes.mentions(findActorMentions(this.text)), findDefinedGroupMentions(this.text, this.#groups)));
    return this.#actors;
  }

  get places(): PlaceMention[] {
    this.#places ??= findPlaceMentions(this.text, [...this.actors, ...this.#introduced], this.#countries.value);
    return this.#places;
  }

  get dates(): DateMention[] {
    this.#dates ??= this.hit || announcesStart(this.text) ? findDates(this.text, this.#reference, futureWords.test(this.text)) : [];
    return this.#dates;
  }
}

/** "KYIV —" or "WASHINGTON/KYIV —" opening the body: where the reporter files from, not where the truce applies. */
export function isDateline(mention: PlaceMention, sentence: SentenceFacts): boolean {
  const written = sentence.text.slice(mention.start, mention.end);
  return sentence.index === 0 && mention.start < 40 && written.length > 2 && written === written.toUpperCase();
}

/** Sentences that speak of the truce or report a development, or open the article. */
export const matters = (s: SentenceFacts) => s.isLead || s.truce.length > 0 || s.hit !== undefined;

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

/** A sentence's trigger and the triggers it cancelled. */
type Classify = (text: string, hasTruce: boolean) => { hit?: TriggerHit; rejected: RejectedTrigger[] };

/** classifySentence, once per sentence: relevance asks first about the lead, the analysis then about every sentence. */
function classifier(): Classify {
  const seen = new Map<string, { hit?: TriggerHit; rejected: RejectedTrigger[] }>();
  return (text, hasTruce) => {
    const key = `${Number(hasTruce)}${text}`;
    let classified = seen.get(key);
    if (!classified) {
      const rejected: RejectedTrigger[] = [];
      const hit = classifySentence(text, hasTruce, rejected);
      classified = { ...(hit ? { hit } : {}), rejected };
      seen.set(key, classified);
    }
    return classified;
  };
}

/**
 * The same text, held by V8 as two-byte characters. V8 compiles a regex once for each kind of string it
 * is run on, one-byte (Latin-1 only) or two-byte, and news text is mostly two-byte (curly quotes, dashes):
 * a headline or an article without such characters had every big alternation (actors, places, roles,
 * trigger patterns) compiled a second time. The characters, and so every offset, stay the same.
 */
const asTwoByte = (text: string) => (text + '\u2019').slice(0, -1);

export function analyseArticle(read: Article, trace?: Trace): ArticleAnalysis {
  const article = { ...read, title: asTwoByte(read.title), body: asTwoByte(read.body) };
  const reference = referenceDate(article);
  const classify = classifier();
  const bodySentences = splitSentences(article.body);
  const truceInSentence = bodySentences.map((s) => mentionsTruce(s.text, false));
  const relevant = isRelevant({
    headline: article.title,
    sentences: bodySentences.map((s) => s.text),
    truceInSentence,
    reportsDevelopment: (text) => classify(text, true).hit?.strength === 'strong',
  });
  const cue = retrospectiveCue.exec(`${article.title}\n${bodySentences[0]?.text ?? ''}`)?.[0];
  const history = relevant && !cue ? historyOpening(bodySentences.map((s) => s.text), reference) : undefined;
  const retrospective = cue !== undefined || history !== undefined;
  const groups = relevant ? definedGroups(`${article.title}\n${article.body}`) : [];
  const local = new Map(groups.map((g) => [g.actor.id, g.actor]));
  const actorOf = (id: string) => actorById(id) ?? local.get(id);
  const base: Omit<ArticleAnalysis, 'sentences' | 'people'> = { article, relevant, reference, retrospective, actorOf };
  if (!relevant) {
    trace?.note('reading', 'article', 'not about a ceasefire', 'too few truce words, or business and showbiz words outweigh words of war');
    return { ...base, sentences: [], people: new Map() };
  }
  const opinion = opinionMarker(article);
  if (opinion) {
    trace?.note('reading', 'article', 'an opinion piece', `${opinion}: it argues, it reports no development`);
    return { ...base, relevant: false, sentences: [], people: new Map() };
  }
  for (const g of groups) trace?.note('reading', 'article', `armed group ${g.actor.id}`, `defined in the text as '${g.names.join("' (")})', not in the dictionary`);
  if (retrospective) {
    const why = cue ? `'${cue}' opens it` : `it opens on ${history!.date}, over a year before the article, and a month and day without a year fall in the year its story has reached`;
    trace?.note('reading', 'article', 'history told as history', `${why}: only what the text dates to the days of the article is news`);
  }

  // First pass finds everyone introduced with a role, so later surname-only mentions ("Kerry said") resolve.
  const headline: Sentence = { index: -1, text: article.title };
  const all = [headline, ...bodySentences];
  const mentions = withFullNames(all.map((s) => withKnownPeople(findPeople(s.text), s.text)));
  const namesakes = namesakeReader(`${article.title}\n${article.body}`);
  const people = new Map<string, Person>();
  for (const found of mentions) {
    for (const { person: read } of found) {
      const person = read.actor ? { ...read, actor: namesakes.actorId(read.actor) } : read;
      const key = surnameKey(person.name);
      const known = people.get(key);
      if (!known || (person.name.split(' ').length > known.name.split(' ').length && !known.actor === !person.actor)) {
        people.set(key, { ...known, ...person, ...(known?.actor && !person.actor ? { actor: known.actor } : {}) });
      } else if (!known.actor && person.actor) known.actor = person.actor;
    }
  }
  const knownSurnames = nameFinder([...people.values()].map((p) => p.name.split(/\s+/).pop()!));

  const hasTruce = [mentionsTruce(article.title, true), ...truceInSentence];
  // Namesakes (San Cristóbal in Mexico or in Venezuela) are read as in the countries the dateline and lead name.
  const countries = { value: new Set<string>() as ReadonlySet<string> };
  const years = history ? [undefined, ...storyYears(bodySentences.map((s) => s.text), reference)] : [];
  const referenceOf = (i: number) => (years[i] === undefined ? reference : { ...reference, storyYear: years[i] });
  const sentences = all.map((s, i) => new AnalysedSentence(s, hasTruce[i]!, mentions[i]!, referenceOf(i), knownSurnames, groups, classify, countries, namesakes));
  // A war has sides: a "ceasefire" in a text that names no state or armed group is a game, a film or a band.
  if (!sentences.filter(matters).some((s) => s.actors.some((m) => m.form !== 'capital' && m.actor.kind !== 'organisation'))) {
    trace?.note('reading', 'article', 'not about a ceasefire', 'its truce sentences name no state or armed group');
    return { ...base, relevant: false, sentences: [], people: new Map() };
  }
  trace?.note('reading', 'article', `date ${reference.ref.date} [${reference.ref.basis}]`, 'the date relative dates are resolved against');
  const dateline = datelineOf(article.body);
  countries.value = new Set([
    ...(dateline ? [dateline.place.country] : []),
    ...sentences.filter((s) => s.isLead).flatMap((s) => s.actors.filter((m) => m.actor.kind === 'state').map((m) => m.actor.id)),
  ]);
  return { ...base, sentences, people, ...(dateline ? { dateline } : {}) };
}
