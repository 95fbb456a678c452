/** Classifies a sentence: does it report a ceasefire development, of which type, and is it negated, hedged or future? */
import type { EventType } from '#schemas/event.ts';
import triggerData from './data/triggers.json' with { type: 'json' };
import { type Clause, clauseAt, futureWords } from './clauses.ts';
import { anyOf, phraseRegExp, wordsBefore } from './text.ts';
import { KeyedRegExps } from './word-keys.ts';

export type Strength = 'strong' | 'weak';

export interface TriggerHit {
  type: EventType;
  strength: Strength;
  /** Offset of the trigger phrase in the sentence. */
  index: number;
  phrase: string;
  /** The trigger is in the future or conditional: it announces plans, not a development. */
  future: boolean;
  hedged: boolean;
  /** Read from a negated trigger of another type ("failed to agree" is talks). */
  negated?: boolean;
  /** A second development the sentence reports in another clause: a deal and a breach of it ("signed a truce late on Friday, but said on Saturday that aircraft had attacked"). */
  alongside?: TriggerHit;
}

/** A trigger that matched but does not report a development, and why (for `extract --explain`). */
export interface RejectedTrigger {
  type: EventType;
  phrase: string;
  why: string;
  /** Planned or possible rather than done ("aid is to enter", "can be extended"): how a deal's terms read. */
  planned?: boolean;
}

interface TypeRules {
  negatedAs: EventType | null;
  standalone?: boolean;
  notAfter?: string[];
  requires?: string;
  excludedBy?: string;
  strong: string[];
  weak: string[];
}

const truceAlternation = triggerData.truceTerms.join('|');
export const TRUCE_TERM = new RegExp(`\\b(?:${truceAlternation})\\b`, 'gi');
// Plain ASCII patterns without the u flag: several times faster, and the triggers are English words.
// "ceasefire talks" are talks: a truce term right before a word for talks never stands for the truce itself.
const TRUCE_ITSELF = `(?:${truceAlternation})(?![- ](?:talks|negotiations|conference|summit|process)\\b)`;
const expand = (pattern: string) => {
  const regex = new RegExp(pattern.replace(/\{TRUCE\}/g, TRUCE_ITSELF), 'i');
  return { regex, needsTruce: pattern.includes('{TRUCE}') };
};

const rules = Object.entries(triggerData.types as Record<EventType, TypeRules>).map(([type, r]) => {
  const strong = r.strong.map(expand);
  const weak = r.weak.map(expand);
  return {
    type: type as EventType,
    negatedAs: r.negatedAs,
    standalone: Boolean(r.standalone),
    notAfter: (r.notAfter ?? []).map((p) => new RegExp(p, 'i')),
    requires: r.requires ? new RegExp(r.requires, 'i') : undefined,
    excludedBy: r.excludedBy ? new RegExp(r.excludedBy, 'i') : undefined,
    strong,
    weak,
  };
});
type Rule = (typeof rules)[number];

/** Every pattern in the order they are tried: by type, strong before weak. */
const triggerPatterns = rules.flatMap((rule) =>
  (['strong', 'weak'] as const).flatMap((strength) => rule[strength].map((pattern) => ({ ...pattern, rule, strength }))),
);
// A sentence holds the first words of only a few patterns: only those are tried, and only at those words.
const triggerIndex = new KeyedRegExps(triggerPatterns.map((p) => p.regex));
const precedence = triggerData.precedence as EventType[];
const negation = phraseRegExp(triggerData.negation, 'i');
const hedge = phraseRegExp(triggerData.hedges, 'i');
const purpose = phraseRegExp(triggerData.purpose, 'i');
const demand = phraseRegExp(triggerData.demands, 'i');
const RECALLED_DEAL = /\b(?:agreement|deal|accord|truce|cease-?fire|protocol|memorandum)(?:\s+(?:that|which))?(?:\s+\S+){1,3}$/i;

/** "agreed to extend" realises what follows; "working to extend" does not. */
/** A trigger phrase of at most this many words carries its own tense and hedges ("hostages are to be released"). */
export const SHORT_PHRASE_WORDS = 7;
/** A modal or future verb right after a trigger that names a subject ("aid trucks will be allowed"). */
const MODAL_AFTER = /^\s+(will|would|could|may|might|should|can|is to|are to|was to|were to|is expected to|are expected to|is due to|are due to|are set to|is set to)\b/i;
/** How far from a trigger a type's required verb may stand (characters before and after it). */
const REQUIRED_VERB_BEFORE = 50;
const REQUIRED_VERB_AFTER = 40;
const TOPIC_PREPOSITION = /\b(?:on|about|over|toward|towards)$/;
const REALISING_TO = /\b(?:agreed|agreeing|agree|agrees|decided|decision|voted|moved|began|started|went on|managed|signed up),?(?:\s+\S+){0,5}\s+to$/i;

export const triggerCodes = triggerData.codes as Record<EventType, { cameo: string; plover: string }>;
const headlineTemplates = triggerData.headlines as Record<EventType, string>;
const headlineVariants = Object.fromEntries(
  Object.entries(triggerData.headlineVariants as Record<string, { when: string; text: string }[]>).map(([type, variants]) => [
    type,
    variants.map((v) => ({ when: new RegExp(v.when, 'i'), text: v.text })),
  ]),
) as Partial<Record<EventType, { when: RegExp; text: string }[]>>;

/** The headline template for a development of this type reported by this trigger phrase ("holds" vs "takes effect"). */
export function headlineTemplate(type: EventType, phrase: string | undefined): string {
  const variant = phrase === undefined ? undefined : headlineVariants[type]?.find((v) => v.when.test(phrase));
  return variant?.text ?? headlineTemplates[type];
}
export const backgroundDays = triggerData.backgroundDays;
const noDeal = anyOf(triggerData.noDeal, 'i');

const stepDone = phraseRegExp(triggerData.stepsDone, 'i');

/** A humanitarian step reported as carried out ("16 hostages freed"), not as provided for. */
export const reportsStepDone = (text: string) => stepDone.test(text);

/** Talks reported as ending without the deal they sought ("fell short", "failed to agree"). */
export const endedWithoutDeal = (hit: TriggerHit) => hit.type === 'talks' && (hit.negated === true || noDeal.test(hit.phrase));

/** The truce phrases in a sentence ("cease-fire", "cessation of hostilities"). */
export function truceTerms(sentence: string): string[] {
  return sentence.match(TRUCE_TERM) ?? [];
}

/** A list item or a conjunct short enough to share its verb with the clause before it. */
const LIST_ITEM_WORDS = 6;
const AUXILIARY = /\b(?:is|are|was|were|has|have|had|will|would|shall|must|can|could|did|does|do)\b/i;

/**
 * What a clause that continues the one before borrows from it: the items of a list after "to" ("obligations
 * to disarm, free captured soldiers, evacuate hideouts") are aims too, and a conjunct with no verb of its own
 * ("will be exchanged, and supply routes reopened") keeps the tense of the clause it shortens.
 */
function listHead(sentence: string, clause: Clause): 'infinitive' | 'future' | undefined {
  if (clause.opener !== '' || clause.start === 0 || AUXILIARY.test(clause.prefix)) return undefined;
  const segments = sentence.slice(0, clause.start).split(/,\s*/).map((t) => t.trim()).filter(Boolean);
  const conjunct = /^(?:and|or)\b/i.test(clause.prefix);
  if (!conjunct && clause.prefix.split(' ').filter(Boolean).length > 0) return undefined;
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    if (/\bto\s+[a-z]+$/i.test(segment) && !conjunct) return 'infinitive';
    if (futureWords.test(segment)) return 'future';
    if (segment.split(' ').length > LIST_ITEM_WORDS || conjunct) return undefined;
  }
  return undefined;
}

/** A negating preposition and at least one word of its object ("against the government"). */
const PREPOSITION_WITH_OBJECT = /\b(?:against|without|rather than|instead of)\s+\S.*$/i;
const PAST_VERB_START = /^\w+ed\b/i;

function modality(sentence: string, index: number) {
  // 'working to "improve and sustain" the truce': a quotation mark does not end the words before.
  const before = wordsBefore(sentence, index, 4).replace(/["“”]+$/, '').trimEnd();
  // Tense and hedges reach as far back as the trigger's own clause ("said that the US would work with the UN to deliver aid").
  const clause = clauseAt(sentence, index);
  const infinitive = /\bto$/.test(before) && !REALISING_TO.test(wordsBefore(sentence, index, 7));
  // "talks on keeping the truce alive": a gerund after a preposition is a topic or an aim, not a development.
  const topic = TOPIC_PREPOSITION.test(before) && /^\w+ing\b/i.test(sentence.slice(index));
  const listed = listHead(sentence, clause);
  // "a group waging war against the government declared a truce": the preposition's object ends before a verb in the past.
  const verbAfterObject = PAST_VERB_START.test(sentence.slice(index)) && PREPOSITION_WITH_OBJECT.test(before);
  return {
    negated: negation.test(verbAfterObject ? before.replace(PREPOSITION_WITH_OBJECT, '') : before),
    hedged: infinitive || topic || clause.kind === 'conditional' || hedge.test(clause.prefix) || purpose.test(clause.prefix) || demand.test(wordsBefore(sentence, index, 12)) || listed === 'infinitive',
    future: futureWords.test(clause.prefix) || listed === 'future',
  };
}

/** Whether a sentence that matches one of `rule`'s patterns may be of its type (a rule's exclusion is added to `rejected`). */
function ruleApplies(rule: Rule, sentence: string, rejected: RejectedTrigger[] | undefined): boolean {
  if (rule.requires && !rule.requires.test(sentence)) return false;
  // "fighting raged in the final hours before the truce took effect": the sentence says why it is not this type.
  const excluded = rule.excludedBy?.exec(sentence);
  if (excluded) rejected?.push({ type: rule.type, phrase: excluded[0], why: `the sentence says '${excluded[0]}'` });
  return !excluded;
}

/**
 * The development a sentence reports, if any: the highest-precedence trigger that survives negation,
 * hedging and tense. `hasTruce` says whether the sentence names a truce. Triggers that matched but were
 * cancelled are added to `rejected` when it is given.
 */
export function classifySentence(sentence: string, hasTruce: boolean, rejected?: RejectedTrigger[]): TriggerHit | undefined {
  const hits: TriggerHit[] = [];
  // "the peace talks themselves had not been broken off": a trigger that overlaps a negated one is negated with it
  // (what a negation means instead, "failed to agree" as talks, stands).
  const negatedSpans: [number, number][] = [];
  // A type's own conditions are read once one of its patterns matches (most sentences match none).
  let checkedRule: Rule | undefined;
  let inapplicableRule: Rule | undefined;
  // After a realised trigger, the type's other patterns of the same strength are not tried.
  let realised: { rule: Rule; strength: Strength } | undefined;
  const scan = triggerIndex.scan(sentence);
  for (const index of scan.candidates) {
    const { rule, strength, needsTruce } = triggerPatterns[index]!;
    // Skipped too: a pattern built around a truce term, in a sentence without one (it cannot match).
    if (rule === inapplicableRule || (rule === realised?.rule && strength === realised.strength) || (needsTruce && !hasTruce)) continue;
    const m = scan.exec(index);
    if (!m) continue;
    if (rule !== checkedRule) {
      checkedRule = rule;
      if (!ruleApplies(rule, sentence, rejected)) {
        inapplicableRule = rule;
        continue;
      }
    }
    const before = sentence.slice(Math.max(0, m.index - 80), m.index);
    // "agreed to allow humanitarian access", "aid convoys entered": the verb that realises it is near the
    // trigger, not anywhere ("talks on ..., including the restoration of humanitarian access").
    if (rule.requires && !rule.requires.test(sentence.slice(Math.max(0, m.index - REQUIRED_VERB_BEFORE), m.index + m[0].length + REQUIRED_VERB_AFTER))) {
      rejected?.push({ type: rule.type, phrase: m[0], why: 'no verb near it says it was done or agreed' });
      continue;
    }
    if (rule.notAfter.some((p) => p.test(before))) {
      rejected?.push({ type: rule.type, phrase: m[0], why: `follows '${before.slice(-40).trim()}'` });
      continue;
    }
    const before4 = modality(sentence, m.index);
    // "the ceasefire has not collapsed", "hostages are to be released": a pattern that spans its subject carries its own
    // negation and tense; "aid trucks will be allowed in": a subject's verb comes after it.
    const verbAfter = MODAL_AFTER.exec(sentence.slice(m.index + m[0].length, m.index + m[0].length + 40))?.[1]?.toLowerCase();
    const negated = before4.negated || negation.test(m[0]);
    // A long phrase may hold a relative clause ("a summit ... that was meant to seal a deal ... was called off"), whose modals are not its own.
    const own = m[0].split(' ').length <= SHORT_PHRASE_WORDS ? m[0] : '';
    const isFuture = before4.future || futureWords.test(own) || (verbAfter !== undefined && futureWords.test(verbAfter));
    const hedged = before4.hedged || hedge.test(own) || (verbAfter !== undefined && !futureWords.test(verbAfter));
    const effectiveStrength: Strength = strength === 'strong' && (hasTruce || rule.standalone) ? 'strong' : 'weak';
    if (negated) {
      negatedSpans.push([m.index, m.index + m[0].length]);
      if (rule.negatedAs) hits.push({ type: rule.negatedAs, strength: effectiveStrength, index: m.index, phrase: m[0], future: isFuture, hedged: false, negated: true });
      else rejected?.push({ type: rule.type, phrase: m[0], why: 'negated' });
      continue;
    }
    hits.push({ type: rule.type, strength: effectiveStrength, index: m.index, phrase: m[0], future: isFuture, hedged });
    // "were to be evacuated on Friday after agreeing to surrender": a planned trigger does not hide a realised one.
    if (!isFuture && !hedged) realised = { rule, strength };
  }
  // "talks on how to carry out the agreement their leaders signed": a verb whose object, the deal, comes
  // before it recalls that deal; the sentence reports whatever else it names.
  if (rejected) {
    for (const h of hits) {
      if (h.future || h.hedged) rejected.push({ type: h.type, phrase: h.phrase, why: h.future ? 'future or planned' : 'hedged, conditional or a call', planned: true });
    }
  }
  const ranked = hits
    .filter((h) => !h.future && !h.hedged && (h.negated || !negatedSpans.some(([from, to]) => h.index < to && h.index + h.phrase.length > from)))
    .map((hit) => ({
      hit,
      timeClause: Number(isTimeReference(sentence, hit)),
      weak: Number(hit.strength !== 'strong'),
      recalled: Number(hit.type === 'agreement' && RECALLED_DEAL.test(wordsBefore(sentence, hit.index, 6))),
      precedence: precedence.indexOf(hit.type),
    }));
  ranked.sort((a, b) => a.timeClause - b.timeClause || a.weak - b.weak || a.recalled - b.recalled || a.precedence - b.precedence);
  const main = ranked[0]?.hit;
  const alongside = main && ranked.find(({ hit }) => isOtherDevelopment(sentence, main, hit))?.hit;
  return alongside ? { ...main, alongside } : main;
}

/** Words that open a time clause whose truce's end is still ahead of the sentence's news ("hours before the truce expired"). */
const BEFORE_END = new Set(['before', 'until', 'when', 'once']);

/**
 * "An exchange of fire two hours after the ceasefire began", "hours before the truce expired, it was extended":
 * a truce's start, or an end still ahead, told in a time clause dates the sentence's news; it is not that news.
 */
function isTimeReference(sentence: string, hit: TriggerHit): boolean {
  if (hit.type !== 'implementation' && hit.type !== 'collapse') return false;
  const clause = clauseAt(sentence, hit.index);
  return clause.kind === 'temporal' && (hit.type === 'implementation' || BEFORE_END.has(clause.opener));
}

/** A deal and its breach are two developments, whichever the sentence leads with. */
const DEAL = new Set<EventType>(['agreement', 'implementation', 'extension']);
const BREACH = new Set<EventType>(['violation', 'collapse']);

/** "An Easter truce declared by Putin was fraying": a trigger right after the truce it qualifies names that truce, it reports nothing. */
const NAMES_TRUCE_BEFORE = new RegExp(`(?:${truceAlternation})\\s+$`, 'i');

/** Does `hit`, in a clause of its own, report a development other than `main` (a deal beside its breach)? */
function isOtherDevelopment(sentence: string, main: TriggerHit, hit: TriggerHit): boolean {
  if (hit.strength !== 'strong' || hit.negated || main.strength !== 'strong') return false;
  const pair = (DEAL.has(main.type) && BREACH.has(hit.type)) || (BREACH.has(main.type) && DEAL.has(hit.type));
  if (!pair || clauseAt(sentence, hit.index).kind === 'temporal' || NAMES_TRUCE_BEFORE.test(sentence.slice(Math.max(0, hit.index - 40), hit.index))) return false;
  const [first, second] = main.index < hit.index ? [main, hit] : [hit, main];
  // Another clause: a boundary (a comma, "but", "said") stands between the two triggers; "declared the truce to be
  // over" reports what it declares.
  const clause = clauseAt(sentence, second.index);
  return first.index + first.phrase.length <= second.index && clause.start > first.index + first.phrase.length && clause.opener !== first.phrase.toLowerCase();
}

/**
 * What announces when a truce starts, in one pass: a start trigger ("will take effect on Saturday"), a truce named
 * with its start ("the cease-fire beginning Nov. 9", "a ceasefire from 9:00 a.m. Moscow time"), or a start told
 * with a copula ("the agreement was effective as of 20:00 GMT on Sunday").
 */
const startAnnounced = anyOf([
  ...rules.find((r) => r.type === 'implementation')!.strong.map((p) => p.regex.source),
  `\\b(?:${truceAlternation})\\s+(?:(?:that|which)\\s+)?(?:(?:will|would|is to|was to|is due to|is set to)\\s+)?(?:begins?|beginning|starts?|starting|effective|from|as of)\\b`,
  '\\b(?:is|was|will be|would be|becomes|became) effective\\b',
]);

/** A sentence that announces when a truce starts, whatever else it reports. */
export function announcesStart(sentence: string): boolean {
  return startAnnounced.test(sentence);
}
