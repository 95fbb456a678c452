/**
 * Stage 3, roles: where the truce applies (the theatre, its areas, the venue of talks) and who is who.
 * Parties fight and agree; mediators host, broker or announce for others; excluded groups are left out
 * of the truce; people are the officials who spoke. Article-wide roles (theatre, excluded, mediators)
 * come first, then each development's parties, venue, areas and people.
 */
import type { Actor, EventType, Person, Place } from '#schemas/event.ts';
import { actorById, type ActorMention, toActor } from './actors.ts';
import { type ArticleAnalysis, isDateline, matters, MEETING_BEFORE, meetingNounAfter, type SentenceFacts } from './analyse.ts';
import { clauseAt } from './clauses.ts';
import language from './data/language.json' with { type: 'json' };
import triggerData from './data/triggers.json' with { type: 'json' };
import { endsWithFormer, isMediatorRole } from './people.ts';
import type { PlaceMention } from './places.ts';
import type { Development } from './selection.ts';
import { allMatches, anyOf, escapeRegExp, phraseRegExp, wordsBefore } from './text.ts';
import { daysBefore } from './dates.ts';
import type { Trace } from './trace.ts';
import { backgroundDays } from './triggers.ts';

/** The roles that hold for the whole article. */
export interface ArticleRoles {
  /** Where the truce applies: ISO 3166-1 alpha-2. */
  theatre?: string;
  excluded: Set<string>;
  mediators: Set<string>;
  /** The states the text shows fighting (their forces, strikes, army), the theatre's own, and armed groups. */
  fighting: Set<string>;
}

/** The analysis with the article-wide roles, which every per-development decision reads. */
type Context = ArticleAnalysis & ArticleRoles & { theatre: string };

export interface DevelopmentRoles {
  parties: Actor[];
  mediators: Actor[];
  excluded: Actor[];
  people: Person[];
  venue?: Place;
  areas: Place[];
}

/** The words that put a place after them ('in', 'across'). */
export const locatives = new Set(language.locatives);
const theatreNounAfter = new RegExp(`^\\s*(?:${language.theatreNouns.map(escapeRegExp).join('|')})\\b`, 'i');
const exclusion = new RegExp(`\\b(?:${triggerData.exclusionCues.join('|')})\\b`, 'gi');
const exclusionPassive = new RegExp(`\\b(?:${triggerData.exclusionPassives.join('|')})\\b`, 'gi');
/** How far from its cue an excluded group may be named (characters after an active cue, before a passive one). */
const EXCLUDED_AFTER = 80;
const EXCLUDED_BEFORE = 60;
const mediatorCue = anyOf(triggerData.mediatorCues, 'gi');
const previousReference = phraseRegExp(language.pronounsForPrevious.map(escapeRegExp), 'i');
const gatheringNounAfter = new RegExp(`^\\s*(?:${language.gatheringNouns.map(escapeRegExp).join('|')})\\b`, 'i');
const DELEGATION_FROM = /\b(?:delegation|delegates|negotiators|envoys?|team)\s+(?:\w+\s+)?from\s+$/i;
/** "UAE-brokered deal", "Qatar-mediated talks", "Turkish-backed fighters", "US mediation": the actor qualifies something else. */
const ROLE_COMPOUND = /^(?:-(?:brokered|mediated|hosted|backed|sponsored|drafted|proposed|led|supported|facilitated)|\s+(?:mediation|mediators?))\b/i;
/** Words that name the sides without naming them ("the two sides", "both parties"). */
const THE_SIDES = /\b(?:the two sides|both sides|the two parties|both parties|the warring (?:sides|parties)|the two (?:warring )?(?:countries|governments))\b/i;
/** How far after a mediation cue a colon may open the list of those it names. */
const LIST_AFTER_CUE = 100;
/** "brokered in October by Russia, France and", "talks hosted by": the agents of a mediation are named next. */
const BROKERED_BY_BEFORE = /\b(?:brokered|mediated|hosted|facilitated|sponsored|guaranteed)\s+(?:[\w-]+\s+){0,3}?by\b[^.;:()]{0,50}$/i;
const TRUCE_IN_BEFORE = new RegExp(`(?:${triggerData.truceTerms.join('|')})\\s+(?:in|for|across|over)\\s+(?:the\\s+)?$`, 'i');
/** "the war in Ukraine", "fighting across Sudan": the war's own place, whatever the dateline or venue. */
const WAR_IN_BEFORE = new RegExp(`\\b(?:${language.warNouns.map(escapeRegExp).join('|')})\\s+(?:in|on|against|across|over|throughout)\\s+(?:the\\s+)?(?:\\w+\\s+)?$`, 'i');
/** A meeting's or signing's word, then a few words of the same clause, then the place ("met for about an hour in"). */
const MET_IN = /\b(?:talks|meeting|met|meet|meets|summit|conference|negotiations|round|hosted|signed|signing|sign|signs)\b(?:\s+[^\s,;:()—–]+){0,6}?\s+(?:in|at|near)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:(?:city|town|capital|resort|port) of\s+)?$/i;
/** "outside Christchurch, where the delegations met", "in Samarkand, where both were attending the summit". */
const MET_THERE_AFTER = /^,?\s+where\s+(?:[^\s,;:]+\s+){0,5}?(?:met|meet|signed|held talks|talks|negotiated|attending|summit|gathered)\b/i;
const SIGNED_TRUCE_IN = new RegExp(`\\bsign(?:s|ed|ing)?\\s+(?:an?\\s+|the\\s+)?(?:[\\w-]+\\s+)?(?:${triggerData.truceTerms.join('|')})\\s+(?:in|at)\\s+$`, 'i');
const VENUE_CLAUSE_CHARS = 80;
const venueWords = phraseRegExp(language.venueWords.map(escapeRegExp), 'i');
/** "Russian forces", "Sudan's army", "Russian and Turkish forces": a demonym or possessive before a government noun, alone or in a pair. */
const governmentNounAfter = new RegExp(
  `^(?:\\s*(?:,|and)\\s+\\p{Lu}[\\p{L}-]+)*\\s*(?:['’]s\\s+)?(?:(?:federal|national|central|interim|transitional|de facto)\\s+)?(?:${language.governmentNouns.map(escapeRegExp).join('|')})\\b`,
  'iu',
);
const VENUE_PREPOSITIONS = new Set(['in', 'at']);
/** The verbs of speech, as one alternation. */
const SPEECH_VERBS = `${language.speechVerbs.map(escapeRegExp).join('|')}|says`;
/** "Qatar said", "Saudi Arabia and the United States announced", "al-Ansari, said": an actor, alone or with others, that speaks next. */
const speechAfter = new RegExp(
  `^(?:\\s*(?:,|and)\\s+(?:the\\s+)?\\p{Lu}[\\p{L}.'’-]*(?:\\s+\\p{Lu}[\\p{L}.'’-]*){0,3})*,?\\s+(?:(?:has|had|also|later|jointly)\\s+)?(?:${SPEECH_VERBS})\\b`,
  'iu',
);
/** A verb of speech in a span of text ("Russia says negotiated ceasefire"). */
const speechBetween = new RegExp(`\\b(?:${SPEECH_VERBS})\\b`, 'i');
const homeGovernmentWords = new RegExp(`\\bthe (?:${language.homeGovernmentWords.map(escapeRegExp).join('|')})\\b`, 'i');
const TARGET_BEFORE = new RegExp(`\\b(?:${language.targetCues.map(escapeRegExp).join('|')})\\s+(?:the\\s+)?(?:so-called\\s+)?$`, 'i');
const LOCATIVE_BEFORE = new RegExp(`\\b(?:${language.locatives.join('|')})\\s+(?:the\\s+)?$`, 'i');
const TALKS_TYPES = new Set<EventType>(['talks', 'breakdown']);
const NEGOTIATION_TYPES = new Set<EventType>(['talks', 'proposal', 'agreement', 'breakdown', 'extension']);
const MAX_PEOPLE = 8;
/** A mediator counts as a side too only when named as one this often (headline mentions count 3). */
const MEDIATOR_AS_PARTY = 3;

/**
 * The end-anchored "war in", "ceasefire in", "talks in" patterns can only match after one of these words
 * within the last three: testing for it first spares most mentions a regex tried at every position.
 */
const NEAR_PREPOSITION = /\b(?:in|on|at|for|against|across|over|throughout)\b/;
const afterPreposition = (text: string, index: number) => NEAR_PREPOSITION.test(wordsBefore(text, index, 3));

/**
 * Where talks are held says nothing of where the war is; "ceasefire in Gaza" says a lot. "talks in Ghana",
 * "met for about an hour in Samarkand", "a final round at UN headquarters in New York", "sign ceasefire in
 * Brasilia": the place at `start`..`end` is where the sides met or signed.
 */
function namesVenue(s: SentenceFacts, start: number, end: number): boolean {
  const near = afterPreposition(s.text, start);
  const before = near ? s.text.slice(Math.max(0, start - 40), start) : '';
  if ((near && MEETING_BEFORE.test(before)) || meetingNounAfter.test(s.text.slice(end))) return true;
  const clauseBefore = s.text.slice(Math.max(0, start - VENUE_CLAUSE_CHARS), start);
  if (SIGNED_TRUCE_IN.test(clauseBefore) || (MET_IN.test(clauseBefore) && !TRUCE_IN_BEFORE.test(before) && !WAR_IN_BEFORE.test(before))) return true;
  return MET_THERE_AFTER.test(s.text.slice(end, end + VENUE_CLAUSE_CHARS));
}

/** Where the truce applies: the country named as the place of the conflict most often, headline counting double. */
function theatreOf(sentences: SentenceFacts[], brokers: ReadonlySet<string>): string | undefined {
  const score = new Map<string, number>();
  // No place of war named ("Russia quits the grain deal"): the state the truce sentences name most.
  const named = new Map<string, number>();
  const add = (country: string, points: number, to = score) => to.set(country, (to.get(country) ?? 0) + points);
  const placePoints: [string, number][] = [];
  const datelines: string[] = [];
  for (const s of sentences.filter(matters)) {
    const weight = s.isHeadline ? 2 : 1;
    for (const m of s.actors) {
      if (m.actor.kind === 'state') add(m.actor.id, 1, named);
      // A non-state side fights at home: naming Hamas points to Gaza more than naming Israel does.
      if (m.actor.theatre) add(m.actor.theatre, 2 * weight);
      if (m.actor.kind !== 'state') continue;
      const before = wordsBefore(s.text, m.start, 1);
      if (locatives.has(before) && m.form !== 'demonym' && !ROLE_COMPOUND.test(s.text.slice(m.end)) && !namesVenue(s, m.start, m.end)) add(m.actor.id, 2 * weight);
      if (theatreNounAfter.test(s.text.slice(m.end))) add(m.actor.id, 2 * weight);
      // "a ceasefire between El Salvador's government and the guerrillas": a government facing rebels is at home.
      if (HOME_GOVERNMENT_AFTER.test(s.text.slice(m.end, m.end + 30)) && (INSURGENTS.test(s.text) || s.actors.some((o) => o.actor.kind === 'armed-group'))) add(m.actor.id, 2 * weight);
      if (afterPreposition(s.text, m.start) && WAR_IN_BEFORE.test(s.text.slice(Math.max(0, m.start - 40), m.start))) add(m.actor.id, 2 * weight);
    }
    for (const p of s.places) {
      // Where the reporter files from only breaks a tie.
      if (isDateline(p, s)) {
        datelines.push(p.place.country);
        continue;
      }
      if (namesVenue(s, p.start, p.end)) continue;
      // "Talks hosted by Russia in Moscow": a broker's cities are where the sides met, not where the war is.
      if (brokers.has(p.place.country)) continue;
      const near = afterPreposition(s.text, p.start);
      const before = near ? s.text.slice(Math.max(0, p.start - 40), p.start) : '';
      const truceBefore = near && (TRUCE_IN_BEFORE.test(before) || WAR_IN_BEFORE.test(before)) ? 2 : 0;
      if (p.preposition && locatives.has(p.preposition)) placePoints.push([p.place.country, weight * (p.prominent ? 2 : 1) + truceBefore]);
      else if (p.prominent) placePoints.push([p.place.country, weight]);
    }
  }
  // A town of a country the article never names (San Cristóbal in Venezuela, in a story from Mexico) is likely a namesake.
  for (const [country, points] of placePoints) add(country, named.has(country) ? points : points / 2);
  // "OSLO —" over talks on Guatemala's war: a dateline breaks a tie between places of the war, it is never one.
  for (const country of datelines) {
    if (score.has(country)) add(country, DATELINE_TIE_BREAK);
    if (named.has(country)) add(country, DATELINE_TIE_BREAK, named);
  }
  return highest(score) ?? highest(named);
}

/** States a mediation cue names ("hosted by Russia", "Qatari mediators") that the text never shows fighting. */
function brokerStates(cueNamed: CueMediators, armed: ReadonlySet<string>): Set<string> {
  const brokers = new Set<string>();
  for (const named of cueNamed.values()) for (const [id] of named) if (!armed.has(id)) brokers.add(id);
  return brokers;
}

const DATELINE_TIE_BREAK = 0.5;
/** "El Salvador's government", "the Colombian authorities": a state's own government, not its forces abroad. */
const HOME_GOVERNMENT_AFTER = /^(?:['’]s)?\s+(?:government|authorities|regime|junta)\b/i;
const INSURGENTS = phraseRegExp(triggerData.insurgencyContext, 'i');

/** The key with the most points, the first counted on a tie. */
function highest(points: Map<string, number>): string | undefined {
  let best: string | undefined;
  for (const [key, value] of points) if (!best || value > points.get(best)!) best = key;
  return best;
}

/**
 * Groups a truce leaves out: those named after an exclusion cue ("would not apply to Islamic State"), or
 * before a passive one ("the Nusra Front is not covered"), or in the sentence before ("these groups are
 * excluded"). A group named before "did not include an end to the war" is a side that said so, not left out.
 */
function excludedGroups(sentences: SentenceFacts[]): Set<string> {
  const excluded = new Set<string>();
  const groups = (s: SentenceFacts | undefined, keep: (m: ActorMention) => boolean = () => true) =>
    (s?.actors ?? []).filter((m) => m.actor.kind === 'armed-group' && keep(m)).map((m) => m.actor.id);
  sentences.forEach((s, i) => {
    if (s.truce.length === 0 && !/\b(?:truce|cease-?fire|agreement|deal)\b/i.test(s.text)) return;
    for (const cue of allMatches(exclusion, s.text)) {
      const end = cue.index + cue[0].length;
      for (const id of groups(s, (m) => m.start >= end && m.start - end <= EXCLUDED_AFTER)) excluded.add(id);
    }
    for (const cue of allMatches(exclusionPassive, s.text)) {
      const own = groups(s, (m) => m.end <= cue.index && cue.index - m.end <= EXCLUDED_BEFORE);
      const borrowed = own.length === 0 && previousReference.test(s.text) ? groups(sentences[i - 1]) : [];
      for (const id of [...own, ...borrowed]) excluded.add(id);
    }
  });
  return excluded;
}

const RELATIVE_CLAUSE = /,\s*(?:which|who|whose\s+(?:country|government|nation))\s+(?:\w+\s+){0,2}$/i;
/** "Brazil's foreign minister, Luiz Felipe Lampreia, who hosted the talks", "whose country sponsored the talks": how far back a relative clause reaches to its state. */
const RELATIVE_REACH = 60;

/** "Israeli strikes", "Russia's forces": a state named with its arms fights in the war. */
const militaryAfter = new RegExp(`^(?:\\s*(?:,|and)\\s+\\p{Lu}[\\p{L}-]+)*(?:['’]s)?\\s+(?:[\\w-]+\\s+)?(?:${language.militaryNouns.map(escapeRegExp).join('|')})\\b`, 'iu');
/** "the Egyptian proposal", "an American and French plan": the author of a plan. */
const planAfter = new RegExp(`^(?:['’]s)?\\s+(?:(?:and|[\\w-]+)\\s+){0,3}?(?:${language.planNouns.map(escapeRegExp).join('|')})\\b`, 'i');

/** The states the text shows fighting (their forces, strikes, army), and the armed groups. */
function fightingSides(sentences: SentenceFacts[]): Set<string> {
  const fighting = new Set<string>();
  for (const s of sentences) {
    for (const m of s.actors) {
      if (m.actor.kind === 'armed-group' || (m.actor.kind === 'state' && militaryAfter.test(s.text.slice(m.end, m.end + 40)))) fighting.add(m.actor.id);
    }
  }
  return fighting;
}

/** A sentence that dates itself well before the article ("hosted by Kuwait in 2016") is background: its roles are not this news's. */
const isDatedBackground = (s: SentenceFacts, analysis: ArticleAnalysis) => {
  const dated = s.dates.filter((d) => d.role === 'occurred');
  return dated.length > 0 && dated.every((d) => daysBefore(d.ref, analysis.reference) > backgroundDays);
};

/**
 * Who mediates: actors named by a mediation cue ("brokered by Egypt", "Qatari mediators", "hosted"), the
 * envoys' organisations, a state that announces a development between others ("Qatar said the truce was
 * extended"), and the author of a plan the sides accepted ("the Egyptian proposal"). A state the text
 * shows fighting never mediates.
 */
function mediatorsOf(analysis: ArticleAnalysis, roles: Omit<ArticleRoles, 'mediators'>, recalled: ReadonlyMap<SentenceFacts, number>, cueNamed: CueMediators): Set<string> {
  const { fighting } = roles;
  const mediators = new Set<string>();
  for (const person of analysis.people.values()) if (person.actor && isMediatorRole(person.role)) mediators.add(person.actor);
  const candidates = new Set<string>();
  for (const s of analysis.sentences) {
    // Cheap tests first: most sentences name no cue and announce nothing, and need no dates read.
    const named = [...(cueNamed.get(s) ?? []), ...(s.hit ? announcers(s, analysis, fighting) : [])];
    if (named.length === 0 || isDatedBackground(s, analysis)) continue;
    const recalledFrom = recalled.get(s) ?? Infinity;
    for (const [id, announced, at] of named) if (at < recalledFrom) (announced ? candidates : mediators).add(id);
  }
  if (candidates.size) {
    // A state named acting in the news ("the leaders of Russia, Germany and France agreed") is not only its announcer.
    const context: Context = { ...analysis, ...roles, theatre: roles.theatre ?? '', mediators: new Set() };
    const acting = new Set(
      analysis.sentences.filter((s) => s.isLead || s.hit).flatMap((s) => s.actors.filter((m) => isPartyMention(m, s, context)).map((m) => m.actor.id)),
    );
    for (const id of candidates) if (!acting.has(id)) mediators.add(id);
  }
  for (const id of fighting) mediators.delete(id);
  return mediators;
}

/** "mediated by Russia, France and the United States": after "by", only names and the words that list them ("by the US, I am pleased to announce that India ..." ends at "am"). */
const AGENT_LIST = /^(?:[\s,]+|\b(?:the|and|of|both)\b|\p{Lu}[\p{L}.'’-]*)*$/u;
/** The "by" or "of" a few words after a cue ("mediated by", "the mediation efforts of"). */
const AGENT_BY = /^\s*(?:[a-z]+\s+){0,3}?(?:by|of)\b/;

/** A cue that names the people who mediate ("envoys", "guarantors"), not what they do ("brokered", "hosted"). */
const AGENT_NOUN = /^(?:mediators?|envoys?|guarantors?|intermediar(?:y|ies)|go-between|moderators?)$/i;

/** Each sentence's cueMediators, read once per article. */
type CueMediators = ReadonlyMap<SentenceFacts, NamedMediator[]>;
/** A mediator a sentence names: its id, whether it only announces, and where it is named. */
type NamedMediator = [id: string, announced: boolean, at: number];

/** Actors a mediation cue in the sentence names ("mediated by X", "Egyptian mediators", "X-brokered"). */
function cueMediators(s: SentenceFacts): NamedMediator[] {
  const found: NamedMediator[] = [];
  mediatorCue.lastIndex = 0;
  for (let cue = mediatorCue.exec(s.text); cue; cue = mediatorCue.exec(s.text)) {
    const cueEnd = cue.index + cue[0].length;
    // "the four guarantor countries of the 1942 Rio Protocol, ...: Argentina, Brazil, Chile and the United States".
    const colon = s.text.indexOf(':', cueEnd);
    const listFrom = colon !== -1 && colon - cueEnd <= LIST_AFTER_CUE ? colon : undefined;
    // "mediated by X" names X after the cue; "Egyptian mediators" and "X-brokered" name it just before.
    // Where the agents start: right after a cue that ends in "by" ("hosted by"), or after the "by" that follows it.
    const agentInCue = /\b(?:by|of)$/i.test(cue[0]);
    const by = agentInCue ? undefined : AGENT_BY.exec(s.text.slice(cueEnd));
    const agentsFrom = agentInCue ? cueEnd : by ? cueEnd + by[0].length : undefined;
    const byAgent = agentsFrom !== undefined;
    // "mediators Egypt and Qatar" lists them after a noun; after a verb come its objects ("brokered a truce between
    // Israel and Hamas"), and "Egyptian-brokered Hamas-Israel truce" has its agent fused before it.
    const namesAfter = byAgent || (AGENT_NOUN.test(cue[0]) && s.text[cue.index - 1] !== '-');
    for (const m of s.actors) {
      // "shuttled between Kyiv, Moscow and Washington": capitals after a cue are where, not who; "Moscow-brokered" is who.
      const capitalAsPlace = m.form === 'capital' && !ROLE_COMPOUND.test(s.text.slice(m.end));
      if (m.actor.kind === 'armed-group' || capitalAsPlace || locatives.has(wordsBefore(s.text, m.start, 1))) continue;
      if (endsWithFormer(s.text.slice(Math.max(0, m.start - 12), m.start))) continue;
      const after =
        (namesAfter && m.start >= cueEnd && m.start - cueEnd <= (byAgent ? 60 : 45) && (agentsFrom === undefined || AGENT_LIST.test(s.text.slice(agentsFrom, m.start)))) ||
        (listFrom !== undefined && m.start > listFrom);
      // "Egyptian mediators", "Qatar-brokered"; "Angola's presidency, which has mediated" reaches further back.
      const gap = m.end <= cue.index ? s.text.slice(m.end, cue.index) : undefined;
      const before = gap !== undefined && (gap.length <= 25 || (gap.length <= RELATIVE_REACH && RELATIVE_CLAUSE.test(gap)));
      // "talks in neighbouring Chad, hosted by President Deby": the state just before "hosted by" is the host's.
      if (after || ((!byAgent || agentInCue) && before)) found.push([m.actor.id, false, m.start]);
    }
  }
  return found;
}

/**
 * States not shown fighting that announce a development between others ("..., Qatar said", "Egyptian officials
 * said", "Qatar's prime minister, Sheikh Mohammed, told a news conference"), or author the plan.
 */
function announcers(s: SentenceFacts, analysis: ArticleAnalysis, fighting: ReadonlySet<string>): NamedMediator[] {
  const found: NamedMediator[] = [];
  const others = (id: string) => s.actors.some((o) => o.actor.id !== id && fighting.has(o.actor.id));
  for (const m of s.actors) {
    // "Libyan radio, monitored in Cyprus, said": a state after "in" is where, not who.
    if (m.actor.kind !== 'state' || fighting.has(m.actor.id) || locatives.has(wordsBefore(s.text, m.start, 1))) continue;
    const after = s.text.slice(m.end);
    const speaks = speechAfter.test(after) || officialSpeaks(after);
    if ((speaks && others(m.actor.id)) || planAfter.test(after)) found.push([m.actor.id, true, m.start]);
  }
  for (const key of s.people) {
    const person = analysis.people.get(key);
    const actor = person?.actor;
    if (!actor || fighting.has(actor) || analysis.actorOf(actor)?.kind !== 'state') continue;
    if (speaksIn(person.name, s.text) && others(actor)) found.push([actor, true, s.text.indexOf(person.name.split(' ').pop()!)]);
  }
  return found;
}

/** "Qatar's prime minister", "U.S. President", "Egyptian officials": an official of the state just named. */
const officialAfter = new RegExp(
  `${governmentNounAfter.source}|^(?:['’]s)?\\s+(?:${language.roles.map(escapeRegExp).join('|')})\\b`,
  'iu',
);
/** After an official's title, their name if given, then a verb of speech: "President Joe Biden said", "prime minister, Sheikh Mohammed, told". */
const speaksAfterTitle = new RegExp(
  `^(?:,?\\s+(?:\\p{Lu}[\\p{L}.'’-]*|al|bin|el|de|ibn|abu)){0,6},?\\s+(?:(?:has|had|also|later)\\s+)?(?:${SPEECH_VERBS})\\b`,
  'u',
);
/** Does an official of the state just named speak next ("Egyptian officials said", "U.S. President Joe Biden said")? */
function officialSpeaks(after: string): boolean {
  const official = officialAfter.exec(after)?.[0];
  return official !== undefined && speaksAfterTitle.test(after.slice(official.length));
}

/** Does the person (by surname) speak in the sentence ("Biden said", "Lavrov told reporters")? */
function speaksIn(name: string, text: string): boolean {
  const surname = name.split(' ').pop()!;
  const at = text.indexOf(surname);
  return at >= 0 && speechAfter.test(text.slice(at + surname.length));
}

/** A state that can speak for others: neither the war's own state nor one the text shows fighting. */
const reportsFor = (m: ActorMention, analysis: Context) => m.actor.kind === 'state' && m.actor.id !== analysis.theatre && !analysis.fighting.has(m.actor.id);

/** Is the mention in the clause of the sentence's trigger, before it ("Japarov and his Tajik counterpart agreed")? */
function actsInTriggerClause(m: ActorMention, s: SentenceFacts): boolean {
  return s.hit !== undefined && m.end <= s.hit.index && clauseAt(s.text, s.hit.index).start <= m.start;
}

/** Is this mention a side acting, rather than a place ("in Syria"), a label ("Syria ceasefire") or an adjective? */
function isPartyMention(m: ActorMention, s: SentenceFacts, analysis: Context): boolean {
  if (m.actor.kind === 'organisation' || analysis.excluded.has(m.actor.id)) return false;
  // "UAE-brokered", "Russian-backed": a modifier, not a side.
  if (ROLE_COMPOUND.test(s.text.slice(m.end))) return false;
  // "truces brokered by France and the United States": a broker, of this truce or an earlier one.
  if (!analysis.fighting.has(m.actor.id) && BROKERED_BY_BEFORE.test(s.text.slice(Math.max(0, m.start - 80), m.start))) return false;
  if (s.places.some((p) => p.start < m.end && p.end > m.start)) return false; // "southern Lebanon"
  if (endsWithFormer(s.text.slice(Math.max(0, m.start - 12), m.start))) return false; // "the former Nigerian president"
  const after = s.text.slice(m.end);
  if (m.form === 'demonym' || /^['’]s\b/.test(after)) {
    // "Egyptian officials said", "Qatar's prime minister said": a third state that reports is a source, not a side;
    // "Senegal's Foreign Minister emerged from the meeting confident that ...": one that only attends is none either.
    return governmentNounAfter.test(after) && !(reportsFor(m, analysis) && (officialSpeaks(after) || !actsInTriggerClause(m, s)));
  }
  // "Syria ceasefire", "Syrian rebels" name the war's place; "Houthi rebels" name the group itself, and
  // "Hamas-Israel ceasefire" the two sides.
  const pairedBefore = /[-–]$/.test(s.text.slice(0, m.start)) && s.actors.some((o) => o.end === m.start - 1);
  if (m.actor.kind !== 'armed-group' && !pairedBefore && theatreNounAfter.test(after)) return false;
  // "Qatar said the truce was extended": a third state that reports a development is its source, not its side;
  // "Thailand declared a unilateral ceasefire": the verb that reports is the development itself.
  // "Russia says negotiated ceasefire": a verb of speech before the trigger leaves the state its reporter.
  const verbIsTrigger = s.hit !== undefined && s.hit.index >= m.end && s.hit.index - m.end <= 12 && !speechBetween.test(s.text.slice(m.end, s.hit.index));
  if (reportsFor(m, analysis) && (speechAfter.test(after) || officialSpeaks(after)) && !verbIsTrigger) return false;
  // "in Russia" names a place, not a side.
  const before = s.text.slice(Math.max(0, m.start - 30), m.start);
  // "the fight against Islamic State" names a target of the war, not a side of its truce.
  if (m.actor.kind === 'armed-group' && TARGET_BEFORE.test(before)) return false;
  // "Munich, Germany" names a place; "Ethiopia, Tigray forces agree" and "Armenia, Azerbaijan agree" list sides.
  return !LOCATIVE_BEFORE.test(before) && !s.places.some((p) => p.end <= m.start && /^,\s*$/.test(s.text.slice(p.end, m.start)));
}

/**
 * A civil war's truce has the state on one side: when a group that fights at home is a party, the
 * government of the theatre is too, once the text names it (its officials, "the government", "the army").
 */
function addHomeGovernment(score: Map<string, number>, sentences: SentenceFacts[], analysis: Context): void {
  const home = analysis.theatre;
  if (!home || score.has(home) || analysis.actorOf(home)?.kind !== 'state') return;
  // A group the dictionary lacks fights where the article's war is.
  const rebels = [...score.keys()].some((id) => analysis.actorOf(id)?.kind === 'armed-group' && (analysis.actorOf(id)?.theatre ?? home) === home);
  // Against a foreign state (Israel and Hamas), the home government is not the rebels' other side.
  const foreign = [...score.keys()].some((id) => id !== home && analysis.actorOf(id)?.kind === 'state' && analysis.fighting.has(id));
  if (!rebels || foreign) return;
  const named = (s: SentenceFacts) =>
    s.actors.some((m) => m.actor.id === home) ||
    s.people.some((key) => analysis.people.get(key)?.actor === home) ||
    homeGovernmentWords.test(s.text);
  if (sentences.some(named) || analysis.sentences.some((s) => s.isLead && named(s))) score.set(home, 1);
}

/** "a unilateral ceasefire": one side's, whoever else the article names. */
const UNILATERAL = /\b(?:unilateral(?:ly)?|one-sided)\b/i;
/** A trigger that declares rather than agrees ("announced a ceasefire", "declared a truce"). */
const DECLARATION = /^(?:announc|declar)/i;
/** Words of a deal between sides: a truce "announced" with one of them was agreed by two. */
const TWO_SIDED = /\b(?:deal|agreement|accord|pact|between|agreed|signed|mutual|both sides|the two sides)\b/i;
/** Where a declaration's own words end: a clause break, or the cause that follows it ("after", "following"). */
const CAUSE_OR_BREAK = /\b(?:after|following)\b|[,;:]/;
/** Types whose reports name who did it before the trigger. */
const DOER_TYPES = new Set<EventType>(['proposal', 'agreement', 'extension']);
/** Where a clause of its own starts before a trigger: a semicolon, colon or dash, or a comma before a conjunction. */
const CLAUSE_BREAK = /[;:—]|,\s*(?:but|while|whereas|and)\b/g;

/**
 * Who did it, as its own reports say: the sides named before the trigger in its clause ("Russia had
 * proposed a March 1 ceasefire, but the U.S. ...", "Thailand declared a unilateral ceasefire"), with the
 * officials who speak for them; and whether the reports call it unilateral.
 */
function doersOf(development: Development, analysis: Context): { doers: Set<string>; unilateral: boolean } {
  const doers = new Set<string>();
  let unilateral = false;
  // "The IRA announced a complete cessation of military operations": declared, by one side, with no deal named.
  let declaredOnly = development.type === 'agreement';
  if (!DOER_TYPES.has(development.type)) return { doers, unilateral };
  for (const s of development.sentences) {
    const hit = s.hit;
    if (!hit || hit.type !== development.type || hit.strength !== 'strong' || s.isHeadline) continue;
    unilateral ||= UNILATERAL.test(s.text);
    // "Senegal's minister emerged from the meeting and said the government and the rebels had agreed": the reporter is no doer.
    const reported = clauseAt(s.text, hit.index);
    const clauseStart = Math.max(reported.kind === 'reported' ? reported.start : 0, ...allMatches(CLAUSE_BREAK, s.text.slice(0, hit.index)).map((m) => m.index! + m[0].length));
    // "declared a 60-day truce after the release of its leader under an amnesty deal": the deal is the cause, not this truce.
    const hitEnd = hit.index + hit.phrase.length;
    const ownClause = s.text.slice(clauseStart, hitEnd) + s.text.slice(hitEnd).split(CAUSE_OR_BREAK)[0];
    declaredOnly &&= DECLARATION.test(hit.phrase) && !TWO_SIDED.test(ownClause);
    const named = s.actors.filter((m) => m.start >= clauseStart && m.end <= hit.index && isPartyMention(m, s, analysis)).map((m) => m.actor.id);
    for (const key of s.people) {
      const person = analysis.people.get(key);
      const at = person ? s.text.indexOf(person.name.split(' ').pop()!) : -1;
      if (person?.actor && at >= clauseStart && at < hit.index && !analysis.mediators.has(person.actor)) named.push(person.actor);
    }
    // "Colombia's right-wing paramilitaries have declared a unilateral cease-fire": unnamed insurgents are the war's armed group.
    const insurgents = named.length === 0 && rebelNoun.test(s.text.slice(clauseStart, hit.index)) ? armedGroupsOfTheWar(analysis) : [];
    for (const id of [...named, ...(insurgents.length === 1 ? insurgents : [])]) doers.add(id);
  }
  return { doers, unilateral: unilateral || (declaredOnly && doers.size === 1) };
}

/**
 * "On Saturday, a cease-fire went into effect here": a truce whose reports name no side is between the sides of
 * the war the article tells: the theatre's state and the one armed group fighting there, or, when the article names
 * no armed group, the rebels its reports speak of.
 */
function sidesOfTheWar(analysis: Context, told: SentenceFacts[]): Actor[] {
  const home = analysis.actorOf(analysis.theatre);
  const groups = armedGroupsOfTheWar(analysis);
  const homeNamed = home?.kind === 'state' && analysis.sentences.some((s) => s.actors.some((m) => m.actor.id === home.id) || homeGovernmentWords.test(s.text));
  if (!homeNamed) return [];
  if (groups.length === 1) return [toActor(home), toActor(analysis.actorOf(groups[0]!)!)];
  // "confident that the government and the rebels have taken a step": insurgents no report names.
  return groups.length === 0 && told.some((s) => rebelNoun.test(s.text)) ? [toActor(home), genericRebels(home)] : [];
}

/** "Rebels in Chad": the insurgents of a state's civil war, when no report names them. */
const genericRebels = (home: Actor): Actor => ({ id: `rebels-${home.id.toLowerCase()}`, name: `Rebels in ${home.name}`, kind: 'armed-group' });

/** Developments of the truce as a whole, which are between the war's sides whoever the report names. */
const TRUCE_TYPES = new Set<EventType>(['agreement', 'implementation', 'extension', 'collapse']);

/** The armed groups the article shows fighting in the theatre's war, not those the truce leaves out. */
function armedGroupsOfTheWar(analysis: Context): string[] {
  return [...analysis.fighting].filter((id) => {
    const actor = analysis.actorOf(id);
    return actor?.kind === 'armed-group' && (actor.theatre ?? analysis.theatre) === analysis.theatre && !analysis.excluded.has(id);
  });
}

/** The sentences that report a development: its evidence, and the lead for the article's main one. */
const reportsOf = (d: Development, analysis: ArticleAnalysis, isPrimary: boolean) => (isPrimary ? [...d.sentences, ...analysis.sentences.filter((s) => s.isLead)] : d.sentences);

/** Parties in order of salience (headline first, then how often they are named), and who its reports say did it. */
function partiesOf(cluster: Development, analysis: Context, isPrimary: boolean, sides: ReadonlySet<string> = new Set()): { parties: Actor[]; doers: ReadonlySet<string> } {
  const score = new Map<string, number>();
  const add = (id: string, points: number) => score.set(id, (score.get(id) ?? 0) + points);
  const sentences = reportsOf(cluster, analysis, isPrimary);
  const { doers, unilateral } = doersOf(cluster, analysis);
  for (const s of new Set(sentences)) {
    const weight = s.isHeadline ? 3 : 1;
    for (const m of s.actors) if (isPartyMention(m, s, analysis)) add(m.actor.id, weight);
    for (const key of s.people) {
      const person = analysis.people.get(key);
      const actor = person?.actor;
      if (!actor || (analysis.mediators.has(actor) && !sides.has(actor)) || actor === analysis.theatre) continue;
      // "U.S. President Joe Biden said the deal would halt the fighting": a commentator's state is not a side.
      if (!analysis.fighting.has(actor) && speaksIn(person.name, s.text)) continue;
      // "Senegal's Foreign Minister emerged from the talks confident": a third state's official is there, not a side,
      // unless the official is who did it ("Japarov and his Tajik counterpart Rahmon agreed").
      if (!analysis.fighting.has(actor) && analysis.actorOf(actor)?.kind === 'state' && !doers.has(actor)) continue;
      add(actor, weight);
    }
  }
  // A proposal is its proposers', a unilateral truce its declarer's; other deals keep every side named acting.
  const only = cluster.type === 'proposal' || unilateral ? doers : new Set<string>();
  // Its doers are its sides even when the reports name them only as "the paramilitaries".
  for (const id of only) if (!score.has(id)) score.set(id, 0);
  if (!unilateral) addHomeGovernment(score, sentences, analysis);
  const parties = [...score.entries()]
    .filter(([id]) => only.size === 0 || only.has(id))
    .filter(([id, points]) => !(analysis.mediators.has(id) && !sides.has(id) && points < MEDIATOR_AS_PARTY) && analysis.actorOf(id)?.kind !== 'organisation')
    .map(([id, points]) => ({ actor: toActor(analysis.actorOf(id)!), points }))
    // Coalitions (ISSG) come after the states and groups that make them up.
    .sort((a, b) => Number(a.actor.kind === 'coalition') - Number(b.actor.kind === 'coalition') || b.points - a.points || a.actor.id.localeCompare(b.actor.id))
    .map(({ actor }) => actor);
  const rebels = unilateral ? undefined : unnamedRebels(parties, sentences, analysis);
  return { parties: rebels ? [...parties, rebels] : parties, doers };
}

/** "the government and rebels agreed", "Guatemala, Rebels Sign Peace Pact": insurgents a report does not name. */
const rebelNoun = phraseRegExp(language.rebelNouns.map(escapeRegExp), 'i');

/**
 * A civil war's truce has its insurgents on the other side: when the theatre's state is a party, no armed
 * group is, and the development's reports speak of rebels, the rebels are a side, named after where they fight.
 */
function unnamedRebels(parties: Actor[], sentences: SentenceFacts[], analysis: Context): Actor | undefined {
  const home = analysis.actorOf(analysis.theatre);
  if (home?.kind !== 'state' || !parties.some((p) => p.id === home.id) || parties.some((p) => p.kind === 'armed-group')) return undefined;
  if (!sentences.some((s) => rebelNoun.test(s.text))) return undefined;
  // The one armed group of that war the article names elsewhere is who they are.
  const named = armedGroupsOfTheWar(analysis);
  if (named.length === 1) return toActor(analysis.actorOf(named[0]!)!);
  return genericRebels(home);
}

function peopleOf(cluster: Development, analysis: ArticleAnalysis, isPrimary: boolean): Person[] {
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
  // "the Minsk summit", "the Jeddah talks"; but "the Idlib ceasefire" and "the Gaza plan" are where the truce applies.
  const after = s.text.slice(p.end);
  if (NEGOTIATION_TYPES.has(type) && (p.place.country === theatre ? gatheringNounAfter : meetingNounAfter).test(after)) return true;
  // "ordered its delegation home from Cairo": where the negotiators were.
  if (TALKS_TYPES.has(type) && p.place.country !== theatre && p.preposition === 'from' && DELEGATION_FROM.test(s.text.slice(Math.max(0, p.start - 40), p.start))) return true;
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

function venueOf(cluster: Development, analysis: Context, isPrimary: boolean, parties: ReadonlySet<string>): Place | undefined {
  const { theatre } = analysis;
  const own = firstVenue(placesOf(cluster.sentences, analysis), cluster.type, theatre);
  if (own || !isPrimary) return own;
  const lead = analysis.sentences.filter((s) => s.isLead).flatMap((s) => s.places.map((mention) => ({ mention, sentence: s })));
  const fromLead = firstVenue(lead, cluster.type, theatre);
  if (fromLead) return fromLead;
  // A dateline abroad says where the reporter is: where talks are reported, most likely where they were held,
  // and where a deal is reported, where it was made when that state took part in it or brokered it.
  const dateline = analysis.dateline?.place;
  if (!dateline || dateline.country === theatre || !NEGOTIATION_TYPES.has(cluster.type)) return undefined;
  return TALKS_TYPES.has(cluster.type) || analysis.mediators.has(dateline.country) || parties.has(dateline.country) ? dateline : undefined;
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

/** The state of a venue abroad that is neither a side nor shown fighting: the host of the talks. */
function hostOf(venue: Place, roles: ArticleRoles & { theatre: string }, parties: ReadonlySet<string>): string | undefined {
  const state = venue.country;
  const known = actorById(state);
  return known?.kind === 'state' && state !== roles.theatre && !roles.fighting.has(state) && !parties.has(state) ? state : undefined;
}

/** The theatre, the groups left out of the truce and the mediators, as the whole article tells them. */
export function articleRoles(analysis: ArticleAnalysis, recalled: ReadonlyMap<SentenceFacts, number>, trace?: Trace): ArticleRoles {
  // Who fights and who a mediation cue names are read once: the theatre and the mediators both need them.
  const armed = fightingSides(analysis.sentences);
  const cueNamed: CueMediators = new Map(analysis.sentences.map((s) => [s, cueMediators(s)]));
  const theatre = theatreOf(analysis.sentences, brokerStates(cueNamed, armed));
  const fighting = new Set([...(theatre ? [theatre] : []), ...armed]);
  const found = { ...(theatre ? { theatre } : {}), excluded: excludedGroups(analysis.sentences), fighting };
  const roles = { ...found, mediators: mediatorsOf(analysis, found, recalled, cueNamed) };
  if (trace) {
    trace.note('roles', 'article', theatre ? `theatre ${theatre}` : 'no theatre', theatre ? 'the state named most often as the place of the war and its truce' : 'no state or armed group named as the place of the war');
    if (roles.excluded.size) trace.note('roles', 'article', `excluded ${[...roles.excluded].join(', ')}`, 'named with an exclusion cue ("does not apply to")');
    if (roles.mediators.size) trace.note('roles', 'article', `mediators ${[...roles.mediators].join(', ')}`, 'named by a mediation cue ("brokered by", "envoy", "hosted"), speaking as an envoy, announcing for others or authoring the plan, and not shown fighting');
  }
  return roles;
}

/** Each development's parties, mediators, excluded groups, people, venue and areas, the primary's first. */
export function assignRoles(developments: Development[], analysis: ArticleAnalysis, roles: ArticleRoles & { theatre: string }, trace?: Trace): DevelopmentRoles[] {
  const context: Context = { ...analysis, ...roles };
  const { theatre } = roles;
  // A side of the war, or of the article's main development, does not mediate it ("Russian envoy" in Syria).
  const primary = developments.find((d) => d.isPrimary);
  const primaryRead = primary ? partiesOf(primary, context, true) : undefined;
  const primaryParties = primaryRead?.parties ?? [];
  const sides = new Set([theatre, ...primaryParties.map((p) => p.id)]);
  const excluded = [...roles.excluded].sort().map((id) => toActor(analysis.actorOf(id)!));
  return developments.map((d) => {
    const { parties: own, doers } = d === primary && primaryRead ? primaryRead : partiesOf(d, context, false, sides);
    // "The two sides agreed last Thursday": the sides of the article's main development, named once in its lead.
    // A truce whose reports name no side at all is between the sides of the war (a breach's sides are its own to name).
    // A truce's start, extension or collapse told without its sides is between the sides of the truce the article reports.
    const ofTheTruce = () =>
      d !== primary && primary && TRUCE_TYPES.has(primary.type) && primaryParties.length > 0 ? primaryParties : sidesOfTheWar(context, reportsOf(d, analysis, d === primary));
    const named = own.length > 0 ? own : d !== primary && d.sentences.some((s) => THE_SIDES.test(s.text)) ? primaryParties : TRUCE_TYPES.has(d.type) ? ofTheTruce() : [];
    const venue = venueOf(d, context, d.isPrimary, new Set(named.map((p) => p.id)));
    // "Following talks in Moscow, Azerbaijan and Armenia agreed": a third state whose city the sides met in hosts them,
    // unless it is among those who agreed ("Putin and Erdogan agreed in Moscow").
    const candidateHost = venue && NEGOTIATION_TYPES.has(d.type) && named.length > 2 ? hostOf(venue, roles, new Set()) : undefined;
    const hosting = candidateHost && !doers.has(candidateHost) ? candidateHost : undefined;
    const parties = hosting ? named.filter((p) => p.id !== hosting) : named;
    // A deal's terms say where it applies ("restore services in the Tigray region").
    const areaSentences = d.isPrimary ? [...d.sentences, ...d.terms, ...analysis.sentences.filter((s) => s.isHeadline)] : [...d.sentences, ...d.terms];
    const areas = dedupePlaces(
      placesOf(areaSentences, analysis)
        .filter(({ mention, sentence }) => !isDateline(mention, sentence))
        .map(({ mention }) => mention.place)
        .filter((p) => p.country === theatre && !(venue && p.name === venue.name)),
    );
    // A violation has accusers, not mediators; every other development keeps the truce's mediators.
    const partyIds = new Set(parties.map((p) => p.id));
    const cued = d.type === 'violation' ? [] : [...roles.mediators].filter((id) => !partyIds.has(id) && !sides.has(id));
    // Talks held in a third state's city mediated by it, when no other mediator is named or its officials took part
    // ("after talks in Moscow hosted by Lavrov", beside an OSCE role).
    const thirdHost = venue && NEGOTIATION_TYPES.has(d.type) ? hostOf(venue, roles, partyIds) : undefined;
    const people = peopleOf(d, analysis, d.isPrimary);
    const hostTookPart = thirdHost !== undefined && people.some((p) => p.actor === thirdHost);
    const host = hosting ?? (thirdHost && (cued.length === 0 || hostTookPart) ? thirdHost : undefined);
    const mediators = [...new Set([...cued, ...(host ? [host] : [])])].sort().map((id) => toActor(analysis.actorOf(id)!));
    if (trace) {
      trace.note('roles', d.label, `parties ${parties.map((p) => p.id).join(', ') || 'none'}`, d.type === 'proposal' ? 'the sides named before the proposal in its own clause' : 'sides named acting in its evidence (and the lead, for the primary), not as places, labels, reporters or targets');
      if (mediators.length) trace.note('roles', d.label, `mediators ${mediators.map((m) => m.id).join(', ')}`, 'the article\'s mediators that are not sides');
      if (venue) trace.note('roles', d.label, `venue ${venue.name}`, 'a place its evidence says talks or a signing happened in');
    }
    return { parties, mediators, excluded, people, ...(venue ? { venue } : {}), areas };
  });
}
