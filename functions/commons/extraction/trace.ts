/**
 * What each stage of the extractor decided, and why: kept only when someone asks (`extract --explain`).
 * Stages call `trace?.note(...)`; without a trace, optional chaining skips the call and its arguments,
 * so explaining costs nothing in the pipeline.
 */
export type StageName = 'reading' | 'candidates' | 'selection' | 'roles' | 'dates' | 'events';

export interface Decision {
  stage: StageName;
  /** What the decision is about: a sentence (`s3`, `headline`), a development (`D2`) or the article. */
  subject: string;
  outcome: string;
  why: string;
}

export class Trace {
  readonly decisions: Decision[] = [];

  note(stage: StageName, subject: string, outcome: string, why: string): void {
    this.decisions.push({ stage, subject, outcome, why });
  }

  about(subject: string): Decision[] {
    return this.decisions.filter((d) => d.subject === subject);
  }
}

/** How a sentence is named in decisions. */
export const sentenceLabel = (index: number) => (index < 0 ? 'headline' : `s${index}`);

/** A sentence shortened for a one-line explanation. */
export function excerpt(text: string, around = 0, width = 110): string {
  if (text.length <= width) return text;
  const start = Math.max(0, Math.min(around - width / 3, text.length - width));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + width).trim()}${start + width < text.length ? '…' : ''}`;
}
