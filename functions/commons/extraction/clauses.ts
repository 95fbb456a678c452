/**
 * The clause a trigger sits in, read back from it to the nearest boundary: a comma, semicolon, colon,
 * dash or bracket, or a word that opens a clause ("that", "which", "after", "if", "said"). What opens the
 * clause says how its verb is meant: a condition ("if the truce holds"), a relative clause that recalls
 * ("the truce, which took effect in May"), a time clause ("after talks in Moscow"), reported speech
 * ("said the sides had agreed"). Words of a clause, not a fixed window, decide hedging and tense.
 */
import language from './data/language.json' with { type: 'json' };
import triggerData from './data/triggers.json' with { type: 'json' };
import { escapeRegExp, phraseRegExp } from './text.ts';

export type ClauseKind = 'main' | 'reported' | 'relative' | 'temporal' | 'conditional';

export interface Clause {
  /** Offset of the clause's first word in the sentence. */
  start: number;
  kind: ClauseKind;
  /** The word that opened it, lowercased ('' at a sentence start or a punctuation mark). */
  opener: string;
  /** Its words up to the trigger, lowercased. */
  prefix: string;
}

const openers = new Map<string, ClauseKind>();
for (const [kind, words] of Object.entries(language.clauseOpeners) as [Exclude<ClauseKind, 'main'>, string[]][]) {
  for (const word of words) openers.set(word, kind);
}
const speechVerbs = new Set(language.speechVerbs);
const BOUNDARY = /[,;:—–()"“”]/;
const BETWEEN_WORDS = /[\s,;:—–()"“”]/;
/** A clause read back further than this many words is cut there: its start is too far to matter. */
const MAX_WORDS = 14;

/** Nouns of a development: "that" after one opens a relative clause ("the deal that their leaders signed"). */
const developmentNoun = new RegExp(`\\b(?:${[...triggerData.truceTerms, ...language.meetingNouns.map(escapeRegExp)].join('|')})(?:\\s+\\S+){0,3}$`, 'i');

/** What kind of clause `word` (at `at`) opens, if it opens one. */
function openerKind(word: string, sentence: string, at: number): ClauseKind | undefined {
  if (speechVerbs.has(word)) return 'reported';
  if (word !== 'that') return openers.get(word);
  // "that" after a development's noun ("a truce in 2008 that collapsed") opens a relative clause; otherwise ("claimed that", "said on Friday that") what was said or thought.
  return developmentNoun.test(sentence.slice(Math.max(0, at - 40), at).trimEnd()) ? 'relative' : 'reported';
}

/** The clause that holds the text at `index` in `sentence`. */
export function clauseAt(sentence: string, index: number): Clause {
  const words: string[] = [];
  let start = index;
  while (words.length < MAX_WORDS) {
    let end = start;
    while (end > 0 && sentence[end - 1] === ' ') end--;
    if (end === 0 || BOUNDARY.test(sentence[end - 1]!)) break;
    let wordStart = end;
    while (wordStart > 0 && !BETWEEN_WORDS.test(sentence[wordStart - 1]!)) wordStart--;
    const word = sentence.slice(wordStart, end).toLowerCase();
    const kind = openerKind(word, sentence, wordStart);
    if (kind) return { start, kind, opener: word, prefix: words.reverse().join(' ') };
    words.push(word);
    start = wordStart;
  }
  return { start, kind: 'main', opener: '', prefix: words.reverse().join(' ') };
}

/** Words that put a clause's verb ahead of the report ('will', 'is to', 'ahead of'). */
export const futureWords = phraseRegExp(triggerData.future, 'i');
/** A verb in the simple past ("declared", "took"). */
const PAST_VERB = /\b(?:\w{3,}ed|took|began|held|met|broke|came|went|struck|fought|won|lost|said|told|led|made|left|sent|gave|brought)\b/i;

/**
 * Whether the clause holding `index` tells it in the past though the sentence speaks of plans elsewhere
 * ("declared a truce on Jan. 12, and the rebels said they would respect it": the 12th is behind the report).
 */
export function toldAsPast(sentence: string, index: number): boolean {
  const { opener, prefix } = clauseAt(sentence, index);
  const words = `${opener} ${prefix}`;
  return PAST_VERB.test(words) && !futureWords.test(words);
}
