/**
 * Stage 1, candidates: every sentence whose trigger survived negation, hedging and tense (triggers.ts)
 * is a candidate development, with the day the sentence gives for it.
 */
import type { DateRef } from '#schemas/event.ts';
import type { ArticleAnalysis, SentenceFacts } from './analyse.ts';
import { daysBefore } from './dates.ts';
import { excerpt, sentenceLabel, type Trace } from './trace.ts';
import type { TriggerHit } from './triggers.ts';

export interface Candidate {
  sentence: SentenceFacts;
  hit: TriggerHit;
  /** The day the sentence gives for its development, else the article's date. */
  stated: DateRef;
}

/** The date a sentence's development happened: the 'occurred' date nearest the trigger, never after the report. */
export function statedDate(s: SentenceFacts, analysis: ArticleAnalysis): DateRef {
  const triggerAt = s.hit?.index ?? 0;
  const candidates = s.dates.filter((d) => d.role === 'occurred' && daysBefore(d.ref, analysis.reference) >= -1);
  candidates.sort((a, b) => Math.abs(a.start - triggerAt) - Math.abs(b.start - triggerAt));
  return candidates[0]?.ref ?? analysis.reference.ref;
}

export function findCandidates(analysis: ArticleAnalysis, trace?: Trace): Candidate[] {
  const candidates: Candidate[] = [];
  for (const s of analysis.sentences) {
    for (const r of s.rejected ?? []) trace?.note('candidates', sentenceLabel(s.index), `no ${r.type}: '${r.phrase}'`, r.why);
    if (!s.hit) continue;
    const stated = statedDate(s, analysis);
    candidates.push({ sentence: s, hit: s.hit, stated });
    trace?.note(
      'candidates',
      sentenceLabel(s.index),
      `${s.hit.type} (${s.hit.strength}) on ${stated.date} [${stated.basis}]`,
      `trigger '${s.hit.phrase}' in “${excerpt(s.text, s.hit.index)}”`,
    );
  }
  return candidates;
}
