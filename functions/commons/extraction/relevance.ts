/**
 * Is an article about a ceasefire, a truce, a cessation of hostilities or talks toward one? A price-war
 * "truce", a band called Ceasefire and a passing mention of last year's ceasefire are not.
 */
import triggerData from './data/triggers.json' with { type: 'json' };
import { phraseRegExp } from './text.ts';
import { TRUCE_TERM } from './triggers.ts';

const conflict = phraseRegExp(triggerData.conflictContext, 'gi');
const metaphor = phraseRegExp(triggerData.metaphorContext, 'g');
const count = (pattern: RegExp, text: string) => text.match(pattern)?.length ?? 0;

/** Sentences a reader would take as news about a truce in an armed conflict. */
export function mentionsTruce(sentence: string, isHeadline: boolean): boolean {
  // A capitalised "Ceasefire" inside a sentence is a name (a band, a film, an operation), not a truce.
  const isReal = (m: RegExpExecArray) => isHeadline || m.index === 0 || !/^\p{Lu}/u.test(m[0]) || /^\p{Lu}+$/u.test(m[0]);
  // An exec loop, not matchAll: matchAll copies the regex on every call, and this runs on every sentence.
  let real = false;
  TRUCE_TERM.lastIndex = 0;
  for (let m = TRUCE_TERM.exec(sentence); m && !real; m = TRUCE_TERM.exec(sentence)) real = isReal(m);
  if (!real) return false;
  return count(metaphor, sentence) <= count(conflict, sentence);
}

export interface RelevanceInput {
  headline: string;
  sentences: string[];
  /** mentionsTruce() of each body sentence, when the caller has it already. */
  truceInSentence?: boolean[];
  /** Whether a sentence that names a truce reports a development ("agreed to a cessation of hostilities"). */
  reportsDevelopment?: (sentence: string) => boolean;
}

/** How many of the first body sentences count as the lead. */
export const LEAD_SENTENCES = 4;

export function isRelevant({ headline, sentences, truceInSentence, reportsDevelopment }: RelevanceInput): boolean {
  const all = `${headline}\n${sentences.join('\n')}`;
  const conflictWords = count(conflict, all);
  const inHeadline = mentionsTruce(headline, true);
  const truce = truceInSentence ?? sentences.map((s) => mentionsTruce(s, false));
  // Business and showbiz words outweighing words of war make every "truce" in the article a metaphor.
  if (count(metaphor, all) > conflictWords + truce.filter(Boolean).length / 2) return false;
  const inLead = truce.slice(0, LEAD_SENTENCES).some(Boolean);
  const total = truce.filter(Boolean).length + Number(inHeadline);
  if (total >= 3 || (total >= 2 && (inHeadline || inLead))) return true;
  // One mention can carry the story when the headline or lead reports the development itself.
  const lead = [headline, ...sentences.slice(0, LEAD_SENTENCES).filter((_, i) => truce[i])];
  return Boolean(reportsDevelopment) && (inHeadline || inLead) && lead.some((s) => mentionsTruce(s, true) && reportsDevelopment!(s));
}
