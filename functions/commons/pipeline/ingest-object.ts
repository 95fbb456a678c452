/**
 * Ingest one dropped object: S3 object -> articles -> events -> store, or a rejection with its reason
 * (`rejected/<key>.json` in the inbox bucket plus a record in the store). Plain inputs and outputs: the
 * ingest handler, the local runtime and the tests call this with real clients.
 *
 * Idempotent: the same object again writes no article or event (the store's conditional writes) and
 * re-records the same outcome. Transport errors are thrown, so the message is retried; a bad file is
 * never an error, it is a rejection.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { s3 } from '#commons/aws/sdk.ts';
import { INBOX_PREFIX, REJECTED_PREFIX } from '../../../infra/names.ts';
import { readArticles } from '#commons/articles/read.ts';
import { MAX_BYTES } from '#commons/articles/limits.ts';
import type { Rejection, SuppliedMetadata } from '#commons/articles/types.ts';
import { addToTally, emptyTally, type ExtractionTally, type Extractor, rulesExtractor } from '#commons/extraction/extractor.ts';
import { readsLanguage } from '#commons/extraction/index.ts';
import { unsupportedArticle, type EventStore } from '#commons/store/store.ts';
import type { ObjectRef } from './s3-events.ts';
import { isNotFound } from './s3-errors.ts';

export interface IngestDeps {
  s3: S3Client;
  store: EventStore;
  /** The rules unless the stage chose another backend. */
  extractor?: Extractor;
}

export type IngestOutcome =
  | {
      key: string;
      state: 'processed';
      /** Articles read from the object (a feed gives several). */
      articles: number;
      /** Their ids, in the order read. */
      articleIds: string[];
      /** Of those, already stored before (a re-delivery or a re-drop). */
      duplicates: number;
      eventsCreated: number;
      eventsUpdated: number;
      /** Articles in a language the extractor does not read yet: stored, not read, and noted as unsupported. */
      unsupported: { key: string; language: string }[];
      warnings: string[];
      /** What a model backend did for these articles (calls, tokens, fallbacks); absent with the rules. */
      extraction?: ExtractionTally;
    }
  | { key: string; state: 'rejected'; reason: Rejection['reason']; detail: string }
  /** The object is gone (deleted before it was read): nothing to ingest. */
  | { key: string; state: 'missing' }
  /** Not under inbox/ (defensive: the notification filter sends only inbox/ keys). */
  | { key: string; state: 'ignored' };

/** Where the report of a rejected object goes, in the inbox bucket. */
export function rejectionReportKey(key: string): string {
  return `${REJECTED_PREFIX}${key}.json`;
}

/** S3 user metadata that adds to or overrides what the file says (keys arrive lower-case). */
export function suppliedMetadata(metadata: Record<string, string> | undefined): SuppliedMetadata {
  const out: SuppliedMetadata = {};
  for (const name of ['published', 'url', 'publisher'] as const) {
    const value = metadata?.[name]?.trim();
    if (value) out[name] = value;
  }
  return out;
}

/** Content types that say nothing about the content (what S3 clients set when they do not know). */
const UNINFORMATIVE_TYPES = /^(binary\/octet-stream|application\/octet-stream|application\/x-www-form-urlencoded)\b/i;

export async function ingestObject(deps: IngestDeps, ref: ObjectRef): Promise<IngestOutcome> {
  const { bucket, key } = ref;
  if (!key.startsWith(INBOX_PREFIX)) return { key, state: 'ignored' };
  const version = ref.versionId ? { VersionId: ref.versionId } : {};

  let head;
  try {
    head = await deps.s3.send(new s3.HeadObjectCommand({ Bucket: bucket, Key: key, ...version }));
  } catch (error) {
    if (isNotFound(error)) return { key, state: 'missing' };
    throw error;
  }
  const headAt = (head.LastModified ?? new Date(ref.eventTime)).toISOString();
  // Oversized objects are rejected by their size, without downloading them.
  if ((head.ContentLength ?? 0) > MAX_BYTES) {
    return reject(deps, bucket, headAt, tooLarge(key, head.ContentLength ?? 0));
  }

  const object = await deps.s3.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key, ...version }));
  const at = (object.LastModified ?? head.LastModified ?? new Date(ref.eventTime)).toISOString();
  if ((object.ContentLength ?? 0) > MAX_BYTES) {
    // Replaced by a larger object since the HEAD: still never read it.
    object.Body?.transformToWebStream().cancel().catch(() => {});
    return reject(deps, bucket, at, tooLarge(key, object.ContentLength ?? 0));
  }
  const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  const contentType = object.ContentType && !UNINFORMATIVE_TYPES.test(object.ContentType) ? object.ContentType : undefined;

  const result = await readArticles({
    key,
    bytes,
    receivedAt: at,
    metadata: suppliedMetadata(object.Metadata),
    ...(contentType ? { contentType } : {}),
  });
  if (!result.ok) return reject(deps, bucket, at, result.rejection);

  let duplicates = 0;
  let eventsCreated = 0;
  let eventsUpdated = 0;
  const extractor = deps.extractor ?? rulesExtractor;
  const tally = emptyTally();
  const warnings = [...(result.warnings ?? [])];
  const unsupported: { key: string; language: string }[] = [];
  // One article at a time: items of one feed often report the same development and would contend.
  for (const article of result.articles) {
    const read = readsLanguage(article.language);
    const extraction = read ? await extractor.extract(article) : undefined;
    if (extraction) {
      addToTally(tally, extraction);
      if (extraction.fallback) warnings.push(`${article.key}: read by the rules (${extraction.fallback})`);
      for (const r of extraction.refused ?? []) warnings.push(`${article.key}: model ${r.what} refused, ${r.reason}: ${r.detail}`);
    }
    const recorded = await deps.store.recordArticle(article, extraction?.events ?? []);
    // After the article, so a crash in between leaves it to the redelivery (a duplicate) to note.
    if (!read) {
      await deps.store.markUnsupported(unsupportedArticle(article));
      unsupported.push({ key: article.key, language: article.language });
    }
    if (recorded.duplicate) duplicates++;
    eventsCreated += recorded.created.length;
    eventsUpdated += recorded.updated.length;
  }
  const articleIds = result.articles.map((a) => a.id);
  await deps.store.recordObject(key, { state: 'processed', at, articleIds });
  return {
    key,
    state: 'processed',
    articles: result.articles.length,
    articleIds,
    duplicates,
    eventsCreated,
    eventsUpdated,
    unsupported,
    warnings,
    ...(extractor.backend === 'rules' ? {} : { extraction: tally }),
  };
}

function tooLarge(key: string, bytes: number): Rejection {
  return {
    key,
    reason: 'too-large',
    detail: `The file has ${bytes} bytes; the limit is ${MAX_BYTES} (5 MB). Split it or drop the article text alone.`,
  };
}

/** The report first, then the record: the record is what marks the object as done. */
async function reject(deps: IngestDeps, bucket: string, at: string, rejection: Rejection): Promise<IngestOutcome> {
  const { key, reason, detail } = rejection;
  await deps.s3.send(
    new s3.PutObjectCommand({
      Bucket: bucket,
      Key: rejectionReportKey(key),
      Body: `${JSON.stringify({ key, reason, detail, at }, null, 2)}\n`,
      ContentType: 'application/json; charset=utf-8',
    }),
  );
  await deps.store.recordObject(key, { state: 'rejected', at, reason, detail });
  return { key, state: 'rejected', reason, detail };
}
