/** What the article readers take and give back. */
import type { Article } from '#schemas/event.ts';

/** Metadata supplied beside the file (S3 user metadata, CLI flags); it adds to or overrides the file's own. */
export interface SuppliedMetadata {
  published?: string;
  url?: string;
  publisher?: string;
}

export interface ArticleInput {
  /** Object key or file path; feed items get `#<n>` appended in their article key. */
  key: string;
  bytes: Uint8Array;
  /** ISO 8601 timestamp of arrival (S3 LastModified, a file's mtime), never "now", so output is reproducible. */
  receivedAt: string;
  metadata?: SuppliedMetadata;
  /** Content-Type the object was stored with, when known. */
  contentType?: string;
}

export const REJECTION_REASONS = [
  'empty',
  'too-large',
  'binary',
  'encoding',
  'malformed',
  'unsafe',
  'no-text',
  'unsupported',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface Rejection {
  key: string;
  reason: RejectionReason;
  /** One sentence a person can act on. */
  detail: string;
}

export type ReadResult =
  | {
      ok: true;
      articles: Article[];
      /**
       * Things that were read but not used, one sentence each: a feed item without any text, supplied
       * metadata that is not a date or not an http(s) URL. Absent when there is nothing to say.
       */
      warnings?: string[];
    }
  | { ok: false; rejection: Rejection };

/**
 * What one reader gets out of one source item, before normalisation. Strings are plain text (readers
 * convert markup); `published` and `language` are raw values as the file states them.
 */
export interface Draft {
  title: string;
  body: string;
  url?: string;
  publisher?: string;
  byline?: string;
  /** The publisher's section or categories ("Opinion"; "World, Africa"). */
  section?: string;
  published?: string;
  language?: string;
  /** True when title and body are already what normaliseInline/normaliseText would give (saves a pass). */
  normalised?: boolean;
}
