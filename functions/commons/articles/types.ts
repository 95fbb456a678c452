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

export type ReadResult = { ok: true; articles: Article[] } | { ok: false; rejection: Rejection };
