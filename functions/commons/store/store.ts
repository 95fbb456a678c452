/**
 * The storage port. Handlers, the CLI and the local runtime depend on this interface; the DynamoDB
 * adapter (`dynamodb-store.ts`) implements it, and tests run that real adapter against dynalite.
 * The item layout behind it is described in ./README.md.
 */
import type { Article, CeasefireEvent } from '#schemas/event.ts';
import type { RejectionReason } from '#commons/articles/types.ts';

export interface RecordArticleResult {
  /** The article was already stored: nothing new was written (unless a crashed earlier delivery left an event unwritten, see `repaired`). */
  duplicate: boolean;
  /** Ids of the events this article contributes to (deduplicated, sorted). */
  eventIds: string[];
  /** Events created by this call. */
  created: string[];
  /** Existing events this call merged into. */
  updated: string[];
  /** Successful writes made by this call (article + events); the budget is 1 + one per event. */
  writes: number;
}

/** What became of one dropped object. `at` is when the object arrived (S3 event time / LastModified), never "now". */
export type ObjectOutcome =
  | { state: 'processed'; at: string; articleIds: string[] }
  | { state: 'rejected'; at: string; reason: RejectionReason; detail: string; articleIds?: string[] };

export interface ObjectRecord {
  key: string;
  state: 'processed' | 'rejected';
  at: string;
  articleIds: string[];
  reason?: RejectionReason;
  detail?: string;
}

export interface RejectedObject {
  key: string;
  reason: RejectionReason;
  detail: string;
  at: string;
}

/**
 * A stored article that was not read, because the extractor does not read its language yet. It is kept,
 * like every article, so a later extractor reads it (`reextract`); this note is how `status` and `drop`
 * tell it from an article that reports no development.
 */
export interface UnsupportedArticle {
  articleId: string;
  /** The key it was stored from (`inbox/a.txt`, `inbox/feed.xml#3`). */
  key: string;
  title: string;
  language: string;
  receivedAt: string;
}

export function unsupportedArticle(article: Article): UnsupportedArticle {
  const { id: articleId, key, title, language, receivedAt } = article;
  return { articleId, key, title, language, receivedAt };
}

export interface StoredArticle {
  /** The full article, body included, so a newer extractor can re-run over stored articles. */
  article: Article;
  /** Events this article produces (with the extractor that last ran over it: ingest or `reextract`). */
  eventIds: string[];
}

/** `digest` is a hash of the event's content: equal digests, equal events. */
export interface EventDigest {
  id: string;
  /** Absent on event items written before digests were stored (treat as changed). */
  digest: string | undefined;
}

export interface EventWithDigest {
  event: CeasefireEvent;
  digest: string | undefined;
}

/** What `reviseEvent` did to one event. */
export type EventRevision = 'created' | 'updated' | 'removed' | 'unchanged';

export interface FeedPage {
  /** Newest first (see `compareNewestFirst`). */
  events: CeasefireEvent[];
  /** Pass as `before` to get the next (older) page; absent on the last page. */
  next?: string;
}

export interface ArticlePage {
  /** In order of arrival (receivedAt, then id). */
  articles: StoredArticle[];
  /** Pass as `after` to get the next page; absent on the last page. */
  next?: string;
}

export interface EventStore {
  /**
   * Store an article and merge the events extracted from it. One conditional write for the article
   * (`attribute_not_exists`); if the article already exists it reports `{ duplicate: true }` and
   * writes nothing more. Otherwise one write per event created or changed.
   */
  recordArticle(article: Article, events: readonly CeasefireEvent[]): Promise<RecordArticleResult>;
  /** Record that a dropped object was processed or rejected. Idempotent; an older outcome never replaces a newer one. */
  recordObject(key: string, outcome: ObjectOutcome): Promise<{ written: boolean }>;
  getObject(key: string): Promise<ObjectRecord | undefined>;
  /** Count dropped objects by state (Query on the `status` index). */
  countObjects(): Promise<{ processed: number; rejected: number }>;
  /** Rejected objects, newest first (Query on the `status` index). */
  listRejected(): Promise<RejectedObject[]>;

  /** One page of the feed, newest first (Query on the `feed` index). `limit` defaults to 100. */
  listFeedEvents(options?: { limit?: number; before?: string }): Promise<FeedPage>;
  /** Every event, newest first, one Query page at a time. */
  allFeedEvents(): AsyncIterable<CeasefireEvent>;
  /** The same, each with its content digest (for a reader that keeps events between rebuilds). */
  feedEventsWithDigests(): AsyncIterable<EventWithDigest>;
  /**
   * The id and content digest of every event, newest first (Query on the `feedDigests` index: two
   * small attributes per event), so a reader that keeps events can tell which ones changed.
   */
  feedDigests(): Promise<EventDigest[]>;
  /** Number of events (Query on the `feed` index with `Select: COUNT`). */
  countEvents(): Promise<number>;
  getEvent(id: string): Promise<CeasefireEvent | undefined>;
  getEventWithDigest(id: string): Promise<EventWithDigest | undefined>;
  /**
   * Set an event to what `derive` makes of the stored one (`undefined`: not stored), or delete it when
   * `derive` returns `undefined`. Consistent read, then a write conditional on `version`; after a lost
   * race `derive` runs again on the newer event. Writes nothing when the content is already right.
   */
  reviseEvent(
    id: string,
    derive: (current: CeasefireEvent | undefined) => Promise<CeasefireEvent | undefined>,
  ): Promise<EventRevision>;

  getArticle(id: string): Promise<StoredArticle | undefined>;
  /** Stored articles in order of arrival, a page at a time (Query on the `status` index). */
  listArticles(options?: { limit?: number; after?: string }): Promise<ArticlePage>;
  /** Every stored article (for re-extraction after an extractor upgrade). */
  allArticles(): AsyncIterable<StoredArticle>;
  /** Replace a stored article's `eventIds` (after re-extraction); one write, never creates an article. */
  setArticleEventIds(articleId: string, eventIds: readonly string[]): Promise<void>;

  /** Note that a stored article was not read (its language is unsupported). One read; one write only when the note is missing. */
  markUnsupported(article: UnsupportedArticle): Promise<{ written: boolean }>;
  /** Remove the note (an extractor that reads the language has read the article). */
  unmarkUnsupported(articleId: string): Promise<void>;
  getUnsupported(articleId: string): Promise<UnsupportedArticle | undefined>;
  /** Every article noted as unsupported, newest first (Query on the `status` index). */
  listUnsupported(): Promise<UnsupportedArticle[]>;
}

/** Collect an async iterable (Node 20 has no Array.fromAsync). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
