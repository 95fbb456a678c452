/** The one error type readers throw; `readArticles` turns it into a typed rejection. */
import type { RejectionReason } from '#commons/articles/types.ts';

export class ReadError extends Error {
  readonly reason: RejectionReason;

  constructor(reason: RejectionReason, detail: string) {
    super(detail);
    this.name = 'ReadError';
    this.reason = reason;
  }
}

export function fail(reason: RejectionReason, detail: string): never {
  throw new ReadError(reason, detail);
}

/** A short, single-line description of anything thrown, for a rejection detail. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
