/**
 * Is an article about a ceasefire, a truce, a cessation of hostilities or talks toward one? A price-war
 * "truce", a band called Ceasefire and a passing mention of last year's ceasefire are not.
 */
import triggerData from './data/triggers.json' with { type: 'json' };
import { phraseRegExp } from './text.ts';
import { TRUCE_TERM } from './triggers.ts';

const conflict = phraseRegExp(triggerData.conflictContext, 'gi');
/** "peace talks", "the government's peace envoy": talk of ending a war, counted only to decide what an article is about. */
const peaceProcess = new RegExp(`\\b(?:${triggerData.peaceProcessTerms.join('|')})\\b`, 'gi');
const insurgency = phraseRegExp(triggerData.insurgencyContext, 'gi');
const metaphor = phraseRegExp(triggerData.metaphorContext, 'g');
const count = (pattern: RegExp, text: string) => text.match(pattern)?.length ?? 0;

/** Do `metaphors` outnumber the words of war in `text` plus `allowance`? War words are counted only when it can matter. */
const outweighs = (metaphors: number, text: string, allowance: number) => metaphors > allowance && metaphors > count(conflict, text) + allowance;

/** Sentences a reader would take as news about a truce in an armed conflict. */
export function mentionsTruce(sentence: string, isHeadline: boolean): boolean {
  // A capitalised "Ceasefire" inside a sentence is a name (a band, a film, an operation), not a truce.
  const isReal = (m: RegExpExecArray) => isHeadline || m.index === 0 || !/^\p{Lu}/u.test(m[0]) || /^\p{Lu}+$/u.test(m[0]);
  // An exec loop, not matchAll: matchAll copies the regex on every call, and this runs on every sentence.
  let real = false;
  TRUCE_TERM.lastIndex = 0;
  for (let m = TRUCE_TERM.exec(sentence); m && !real; m = TRUCE_TERM.exec(sentence)) real = isReal(m);
  if (!real) return false;
  return !outweighs(count(metaphor, sentence), sentence, 0);
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
  const truce = truceInSentence ?? sentences.map((s) => mentionsTruce(s, false));
  let allText: string | undefined;
  const all = () => (allText ??= `${headline}\n${sentences.join('\n')}`);
  const headlineTruce = mentionsTruce(headline, true);
  // Talks to end an insurgency ("peace negotiations with the guerrillas", "the peace envoy") are talk of a truce.
  const peaceInHeadline = count(peaceProcess, headline);
  const peaceTalk = peaceInHeadline + count(peaceProcess, sentences.slice(0, LEAD_SENTENCES).join('\n'));
  const insurgentPeace = peaceTalk > 0 && count(insurgency, all()) > 0;
  const inHeadline = headlineTruce || (peaceInHeadline > 0 && insurgentPeace);
  const inBody = truce.filter(Boolean).length;
  const total = inBody + Number(headlineTruce) + (insurgentPeace ? peaceTalk : 0);
  // Most items of a general news feed name no truce at all, and need not be read further.
  if (total === 0) return false;
  // Business and showbiz words outweighing words of war make every "truce" in the article a metaphor.
  if (outweighs(count(metaphor, all()), all(), inBody / 2)) return false;
  const inLead = truce.slice(0, LEAD_SENTENCES).some(Boolean);
  if (total >= 3 || (total >= 2 && (inHeadline || inLead))) return true;
  // One mention can carry the story when the headline or lead reports the development itself.
  const lead = [headline, ...sentences.slice(0, LEAD_SENTENCES).filter((_, i) => truce[i])];
  return Boolean(reportsDevelopment) && (inHeadline || inLead) && lead.some((s) => mentionsTruce(s, true) && reportsDevelopment!(s));
}
