/**
 * DynamoDB adapter of the EventStore port: one table, four item kinds (article, event, object, and
 * the note of an unsupported article), three GSIs (`feed`, `feedDigests`, `status`). Reads of lists are always Query, never Scan. Layout: ./README.md.
 */
import { hash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient, PutCommand, QueryCommandInput, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documents, dynamodb } from '#commons/aws/sdk.ts';
import type { Article, CeasefireEvent } from '#schemas/event.ts';
import type { RejectionReason } from '#commons/articles/types.ts';
import { EVENT_DIGEST, EVENT_VERSION, isConditionalCheckFailed, TABLE_INDEXES, TABLE_KEYS, type IndexDefinition } from './keys.ts';
import { compareStrings, mergeEvents, prepareEvents, sameEvent } from './merge.ts';
import { feedOrderKey } from './order.ts';
import type {
  ArticlePage,
  EventRevision,
  EventStore,
  FeedPage,
  ObjectOutcome,
  ObjectRecord,
  RecordArticleResult,
  RejectedObject,
  StoredArticle,
  UnsupportedArticle,
  EventDigest,
  EventWithDigest,
} from './store.ts';

const PK = TABLE_KEYS.partitionKey;
const SK = TABLE_KEYS.sortKey;
const FEED = TABLE_INDEXES.feed;
const STATUS = TABLE_INDEXES.status;
const FEED_DIGESTS = TABLE_INDEXES.feedDigests;

/** Partition/sort key values and GSI partitions. Kept here so the README and the code agree. */
export const ITEM = {
  article: { pk: (id: string) => `ARTICLE#${id}`, sk: 'ARTICLE', statusPk: 'ARTICLE' },
  /** Beside its article, in the article's partition. */
  unsupported: { sk: 'UNSUPPORTED', statusPk: 'UNSUPPORTED' },
  event: { pk: (id: string) => `EVENT#${id}`, sk: 'EVENT', feedPk: 'EVENTS' },
  object: {
    pk: (key: string) => `OBJECT#${key}`,
    sk: 'OBJECT',
    statusPk: (state: ObjectRecord['state']) => `OBJECT#${state}`,
  },
} as const;

/** Optimistic-concurrency attempts per event write (each failed attempt means another writer succeeded). */
export const MAX_MERGE_ATTEMPTS = 12;
/** Article bodies longer than this are stored gzipped (DynamoDB items are limited to 400 KB). */
export const BODY_GZIP_THRESHOLD = 32 * 1024;
const DEFAULT_PAGE = 100;

type EventItem = {
  pk: string;
  sk: string;
  kind: 'event';
  version: number;
  /**
   * The full CeasefireEvent as JSON text. One string attribute instead of a nested map: the feed
   * rebuild reads every event, and a string is several times cheaper to (un)marshal than a deep
   * map (measured 3x faster Query on dynalite), and its bytes are stable.
   */
  eventJson: string;
  /** sha256 of eventJson (base64url): what the publisher compares to tell a changed event (`feedDigests` index). */
  digest?: string;
  feedPk: string;
  feedSk: string;
};

type ArticleItem = {
  pk: string;
  sk: string;
  kind: 'article';
  article: Article;
  /** gzip of article.body when it is large (article.body is then ''). */
  bodyGz?: Uint8Array;
  eventIds: string[];
  statusPk: string;
  statusSk: string;
};

type UnsupportedItem = UnsupportedArticle & {
  pk: string;
  sk: string;
  kind: 'unsupported';
  statusPk: string;
  statusSk: string;
};

type ObjectItem = {
  pk: string;
  sk: string;
  kind: 'object';
  key: string;
  state: ObjectRecord['state'];
  at: string;
  articleIds: string[];
  reason?: RejectionReason;
  detail?: string;
  statusPk: string;
  statusSk: string;
};

export class ConcurrentUpdateError extends Error {
  constructor(eventId: string) {
    super(`Event ${eventId} kept changing under us after ${MAX_MERGE_ATTEMPTS} attempts; the message will be retried`);
    this.name = 'ConcurrentUpdateError';
  }
}

/** ISO timestamps in UTC, so string order is time order in sort keys and conditions. */
function utc(timestamp: string): string {
  const t = Date.parse(timestamp);
  return Number.isFinite(t) ? new Date(t).toISOString() : timestamp;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function encodeCursor(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}
function decodeCursor(value: string): string {
  return Buffer.from(value, 'base64url').toString('utf8');
}

export interface DynamoDbEventStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export class DynamoDbEventStore implements EventStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbEventStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  // ---------------------------------------------------------------- articles and events

  async recordArticle(article: Article, events: readonly CeasefireEvent[]): Promise<RecordArticleResult> {
    const incoming = prepareEvents(article, events);
    const eventIds = incoming.map((e) => e.id);
    let duplicate = false;
    try {
      await this.#client.send(
        new documents.PutCommand({
          TableName: this.#table,
          Item: articleToItem(article, eventIds),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      duplicate = true;
    }
    // A duplicate delivery writes nothing, except to finish an earlier delivery that stored the
    // article and then failed before writing an event (the event then lacks this article's source).
    // Only the events stored with the article are repaired: the same text dropped again with other
    // metadata (a new --published) must not add developments the stored article does not report.
    const stored = duplicate ? ((await this.getArticle(article.id))?.eventIds ?? eventIds) : eventIds;
    const toMerge = duplicate ? incoming.filter((e) => stored.includes(e.id)) : incoming;
    const outcomes = await Promise.all(toMerge.map((event) => this.#mergeEvent(event, article.id, duplicate)));
    const created = toMerge.filter((_, i) => outcomes[i] === 'created').map((e) => e.id);
    const updated = toMerge.filter((_, i) => outcomes[i] === 'updated').map((e) => e.id);
    return { duplicate, eventIds: stored, created, updated, writes: (duplicate ? 0 : 1) + created.length + updated.length };
  }

  /** Merge one article's report into its event (a duplicate delivery only adds a missing source). */
  async #mergeEvent(
    incoming: CeasefireEvent,
    articleId: string,
    repairOnly: boolean,
  ): Promise<EventRevision> {
    return this.reviseEvent(incoming.id, async (current) => {
      if (!current) return incoming;
      if (repairOnly && current.sources.some((s) => s.articleId === articleId)) return current;
      return mergeEvents(current, incoming);
    });
  }

  /** get + put conditional on `version` (or delete); on a lost race re-read and derive again. */
  async reviseEvent(
    id: string,
    derive: (current: CeasefireEvent | undefined) => Promise<CeasefireEvent | undefined>,
  ): Promise<EventRevision> {
    for (let attempt = 1; attempt <= MAX_MERGE_ATTEMPTS; attempt++) {
      const currentItem = await this.#getEventItem(id, true);
      const current = currentItem && parseEvent(currentItem);
      const next = await derive(current);
      if (next === undefined ? current === undefined : current !== undefined && sameEvent(next, current)) return 'unchanged';
      const condition: Pick<PutCommand['input'], 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> = currentItem
        ? {
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': EVENT_VERSION },
            ExpressionAttributeValues: { ':version': currentItem.version },
          }
        : { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } };
      try {
        if (next === undefined) {
          await this.#client.send(
            new documents.DeleteCommand({ TableName: this.#table, Key: { [PK]: ITEM.event.pk(id), [SK]: ITEM.event.sk }, ...condition }),
          );
          return 'removed';
        }
        await this.#client.send(new documents.PutCommand({ TableName: this.#table, Item: eventToItem(next, (currentItem?.version ?? 0) + 1), ...condition }));
        return currentItem ? 'updated' : 'created';
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        // Another writer got there first: back off a little, then re-read and derive again.
        await sleep(Math.random() * 5 * attempt);
      }
    }
    throw new ConcurrentUpdateError(id);
  }

  async #getEventItem(id: string, consistent = false): Promise<EventItem | undefined> {
    const out = await this.#client.send(
      new documents.GetCommand({
        TableName: this.#table,
        Key: { [PK]: ITEM.event.pk(id), [SK]: ITEM.event.sk },
        ConsistentRead: consistent,
      }),
    );
    return out.Item as EventItem | undefined;
  }

  async getEvent(id: string): Promise<CeasefireEvent | undefined> {
    const item = await this.#getEventItem(id);
    return item && parseEvent(item);
  }

  async getEventWithDigest(id: string): Promise<EventWithDigest | undefined> {
    const item = await this.#getEventItem(id);
    return item && { event: parseEvent(item), digest: item.digest };
  }

  async getArticle(id: string): Promise<StoredArticle | undefined> {
    const out = await this.#client.send(
      new documents.GetCommand({ TableName: this.#table, Key: { [PK]: ITEM.article.pk(id), [SK]: ITEM.article.sk } }),
    );
    return out.Item ? itemToStoredArticle(out.Item as ArticleItem) : undefined;
  }

  async listFeedEvents(options: { limit?: number; before?: string } = {}): Promise<FeedPage> {
    const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_PAGE));
    const items = await this.#queryUpTo(
      {
        IndexName: FEED.name,
        KeyConditionExpression:
          options.before === undefined ? '#p = :p' : '#p = :p AND #s < :before',
        ExpressionAttributeNames: { '#p': FEED.partitionKey, ...(options.before === undefined ? {} : { '#s': FEED.sortKey }) },
        ExpressionAttributeValues: {
          ':p': ITEM.event.feedPk,
          ...(options.before === undefined ? {} : { ':before': options.before }),
        },
        ScanIndexForward: false,
      },
      limit + 1,
    );
    const events = items.slice(0, limit).map((item) => parseEvent(item as EventItem));
    return items.length > limit ? { events, next: feedOrderKey(events[events.length - 1]!) } : { events };
  }

  async *allFeedEvents(): AsyncIterable<CeasefireEvent> {
    for await (const { event } of this.feedEventsWithDigests()) yield event;
  }

  async *feedEventsWithDigests(): AsyncIterable<EventWithDigest> {
    for await (const item of this.#queryAll(FEED, ITEM.event.feedPk, 'newest first')) {
      yield { event: parseEvent(item as EventItem), digest: (item as EventItem).digest };
    }
  }

  async feedDigests(): Promise<EventDigest[]> {
    const out: EventDigest[] = [];
    for await (const item of this.#queryAll(FEED_DIGESTS, ITEM.event.feedPk, 'newest first')) {
      out.push({ id: (item[PK] as string).slice(ITEM.event.pk('').length), digest: item[EVENT_DIGEST] as string | undefined });
    }
    return out;
  }

  async listArticles(options: { limit?: number; after?: string } = {}): Promise<ArticlePage> {
    const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_PAGE));
    const after = options.after === undefined ? undefined : decodeCursor(options.after);
    const items = (await this.#queryUpTo(
      {
        IndexName: STATUS.name,
        KeyConditionExpression: after === undefined ? '#p = :p' : '#p = :p AND #s > :after',
        ExpressionAttributeNames: { '#p': STATUS.partitionKey, ...(after === undefined ? {} : { '#s': STATUS.sortKey }) },
        ExpressionAttributeValues: { ':p': ITEM.article.statusPk, ...(after === undefined ? {} : { ':after': after }) },
        ScanIndexForward: true,
      },
      limit + 1,
    )) as ArticleItem[];
    const page = items.slice(0, limit);
    const articles = page.map(itemToStoredArticle);
    return items.length > limit ? { articles, next: encodeCursor(page[page.length - 1]!.statusSk) } : { articles };
  }

  async *allArticles(): AsyncIterable<StoredArticle> {
    for await (const item of this.#queryAll(STATUS, ITEM.article.statusPk, 'oldest first')) {
      yield itemToStoredArticle(item as ArticleItem);
    }
  }

  async setArticleEventIds(articleId: string, eventIds: readonly string[]): Promise<void> {
    await this.#client.send(
      new documents.UpdateCommand({
        TableName: this.#table,
        Key: { [PK]: ITEM.article.pk(articleId), [SK]: ITEM.article.sk },
        UpdateExpression: 'SET #eventIds = :eventIds',
        // An update would otherwise create a bare item for an article that is not stored.
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#eventIds': 'eventIds', '#pk': PK },
        ExpressionAttributeValues: { ':eventIds': [...eventIds] },
      }),
    );
  }

  // ---------------------------------------------------------------- unsupported articles

  async markUnsupported(article: UnsupportedArticle): Promise<{ written: boolean }> {
    // The first note stays (like the article, which keeps the key it first came with): a redelivery reads, never writes.
    if (await this.getUnsupported(article.articleId)) return { written: false };
    const item: UnsupportedItem = {
      ...article,
      [PK]: ITEM.article.pk(article.articleId),
      [SK]: ITEM.unsupported.sk,
      kind: 'unsupported',
      [STATUS.partitionKey]: ITEM.unsupported.statusPk,
      [STATUS.sortKey]: `${utc(article.receivedAt)}#${article.articleId}`,
    } as UnsupportedItem;
    await this.#client.send(new documents.PutCommand({ TableName: this.#table, Item: item }));
    return { written: true };
  }

  async unmarkUnsupported(articleId: string): Promise<void> {
    await this.#client.send(new documents.DeleteCommand({ TableName: this.#table, Key: { [PK]: ITEM.article.pk(articleId), [SK]: ITEM.unsupported.sk } }));
  }

  async getUnsupported(articleId: string): Promise<UnsupportedArticle | undefined> {
    const out = await this.#client.send(
      new documents.GetCommand({ TableName: this.#table, Key: { [PK]: ITEM.article.pk(articleId), [SK]: ITEM.unsupported.sk } }),
    );
    return out.Item ? itemToUnsupported(out.Item as UnsupportedItem) : undefined;
  }

  async listUnsupported(): Promise<UnsupportedArticle[]> {
    const out: UnsupportedArticle[] = [];
    for await (const item of this.#queryAll(STATUS, ITEM.unsupported.statusPk, 'newest first')) {
      out.push(itemToUnsupported(item as unknown as UnsupportedItem));
    }
    return out;
  }

  // ---------------------------------------------------------------- dropped objects

  async recordObject(key: string, outcome: ObjectOutcome): Promise<{ written: boolean }> {
    const at = utc(outcome.at);
    const item: ObjectItem = {
      [PK]: ITEM.object.pk(key),
      [SK]: ITEM.object.sk,
      kind: 'object',
      key,
      state: outcome.state,
      at,
      articleIds: [...new Set(outcome.articleIds ?? [])].sort(compareStrings),
      statusPk: ITEM.object.statusPk(outcome.state),
      statusSk: `${at}#${key}`,
    } as ObjectItem;
    if (outcome.state === 'rejected') {
      item.reason = outcome.reason;
      item.detail = outcome.detail;
    }
    try {
      // Same outcome again: same item. An older notification arriving late never replaces a newer outcome.
      await this.#client.send(
        new documents.PutCommand({
          TableName: this.#table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk) OR #at <= :at',
          ExpressionAttributeNames: { '#pk': PK, '#at': 'at' },
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return { written: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { written: false };
      throw error;
    }
  }

  async getObject(key: string): Promise<ObjectRecord | undefined> {
    const out = await this.#client.send(
      new documents.GetCommand({ TableName: this.#table, Key: { [PK]: ITEM.object.pk(key), [SK]: ITEM.object.sk } }),
    );
    return out.Item ? itemToObjectRecord(out.Item as ObjectItem) : undefined;
  }

  async countObjects(): Promise<{ processed: number; rejected: number }> {
    const [processed, rejected] = await Promise.all([
      this.#count(STATUS, ITEM.object.statusPk('processed')),
      this.#count(STATUS, ITEM.object.statusPk('rejected')),
    ]);
    return { processed, rejected };
  }

  countEvents(): Promise<number> {
    return this.#count(FEED, ITEM.event.feedPk);
  }

  async listRejected(): Promise<RejectedObject[]> {
    const out: RejectedObject[] = [];
    for await (const item of this.#queryAll(STATUS, ITEM.object.statusPk('rejected'), 'newest first')) {
      const o = item as ObjectItem;
      out.push({ key: o.key, reason: o.reason!, detail: o.detail ?? '', at: o.at });
    }
    return out;
  }

  // ---------------------------------------------------------------- paging

  /** The Query pages of one partition of an index, following LastEvaluatedKey. */
  #pages(
    index: IndexDefinition,
    partition: string,
    options: Pick<QueryCommandInput, 'Select' | 'ScanIndexForward'>,
  ): AsyncIterable<QueryCommandOutput> {
    return documents.paginateQuery(
      { client: this.#client },
      {
        TableName: this.#table,
        IndexName: index.name,
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': index.partitionKey },
        ExpressionAttributeValues: { ':p': partition },
        ...options,
      },
    );
  }

  /** Items in one partition of an index (Query with `Select: COUNT`, paged: nothing is read back). */
  async #count(index: IndexDefinition, partition: string): Promise<number> {
    let total = 0;
    for await (const page of this.#pages(index, partition, { Select: 'COUNT' })) total += page.Count ?? 0;
    return total;
  }

  /** Every item of one partition of an index. */
  async *#queryAll(index: IndexDefinition, partition: string, order: 'oldest first' | 'newest first'): AsyncIterable<Record<string, unknown>> {
    for await (const page of this.#pages(index, partition, { ScanIndexForward: order === 'oldest first' })) yield* page.Items ?? [];
  }

  /** Up to `max` items of a Query (a page can stop early at 1 MB, so keep following LastEvaluatedKey). */
  async #queryUpTo(input: Omit<QueryCommandInput, 'TableName'>, max: number): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.#client.send(
        new documents.QueryCommand({ ...input, TableName: this.#table, Limit: max - items.length, ExclusiveStartKey: start }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start && items.length < max);
    return items;
  }
}

// ---------------------------------------------------------------- item mapping

function eventToItem(event: CeasefireEvent, version: number): EventItem {
  const eventJson = JSON.stringify(event);
  return {
    [PK]: ITEM.event.pk(event.id),
    [SK]: ITEM.event.sk,
    kind: 'event',
    version,
    eventJson,
    [EVENT_DIGEST]: hash('sha256', eventJson, 'base64url'),
    [FEED.partitionKey]: ITEM.event.feedPk,
    [FEED.sortKey]: feedOrderKey(event),
  } as EventItem;
}

function parseEvent(item: EventItem): CeasefireEvent {
  return JSON.parse(item.eventJson) as CeasefireEvent;
}

function articleToItem(article: Article, eventIds: string[]): ArticleItem {
  const large = Buffer.byteLength(article.body, 'utf8') > BODY_GZIP_THRESHOLD;
  const item = {
    [PK]: ITEM.article.pk(article.id),
    [SK]: ITEM.article.sk,
    kind: 'article',
    article: large ? { ...article, body: '' } : article,
    eventIds,
    [STATUS.partitionKey]: ITEM.article.statusPk,
    [STATUS.sortKey]: `${utc(article.receivedAt)}#${article.id}`,
  } as ArticleItem;
  if (large) item.bodyGz = gzipSync(Buffer.from(article.body, 'utf8'));
  return item;
}

function itemToStoredArticle(item: ArticleItem): StoredArticle {
  const article = item.bodyGz ? { ...item.article, body: gunzipSync(item.bodyGz).toString('utf8') } : item.article;
  return { article, eventIds: item.eventIds ?? [] };
}

function itemToUnsupported({ articleId, key, title, language, receivedAt }: UnsupportedItem): UnsupportedArticle {
  return { articleId, key, title, language, receivedAt };
}

function itemToObjectRecord(item: ObjectItem): ObjectRecord {
  const record: ObjectRecord = { key: item.key, state: item.state, at: item.at, articleIds: item.articleIds ?? [] };
  if (item.reason !== undefined) record.reason = item.reason;
  if (item.detail !== undefined) record.detail = item.detail;
  return record;
}

// ---------------------------------------------------------------- table (local use and tests)

/**
 * Create the table with the same key and index definitions the CDK stack uses (PAY_PER_REQUEST). Does nothing if the table exists. For dynalite and tests; the stack owns the real one.
 */
export async function createTable(client: DynamoDBClient | DynamoDBDocumentClient, tableName: string): Promise<void> {
  const indexes: readonly IndexDefinition[] = Object.values(TABLE_INDEXES);
  const attributes = [...new Set([PK, SK, ...indexes.flatMap((index) => [index.partitionKey, index.sortKey])])];
  // Both clients accept the low-level command; the union of their `send` overloads is not callable as is.
  const send = (command: CreateTableCommand) => (client as DynamoDBClient).send(command);
  try {
    await send(
      new dynamodb.CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: PK, KeyType: 'HASH' },
          { AttributeName: SK, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: index.include ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] } : { ProjectionType: 'ALL' },
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof dynamodb.ResourceInUseException || (error instanceof Error && error.name === 'ResourceInUseException'))) throw error;
  }
  // The waiter only sends DescribeTable, which the document client passes through unchanged.
  await dynamodb.waitUntilTableExists({ client: client as DynamoDBClient, maxWaitTime: 120, minDelay: 1, maxDelay: 5 }, { TableName: tableName });
  const { Table } = await (client as DynamoDBClient).send(new dynamodb.DescribeTableCommand({ TableName: tableName }));
  const present = new Set(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName));
  const missing = indexes.map((index) => index.name).filter((name) => !present.has(name));
  if (missing.length) throw new TableLayoutError(tableName, missing);
}

/** An existing table that lacks indexes this code needs (made by an older version). */
export class TableLayoutError extends Error {
  override readonly name = 'TableLayoutError';
  constructor(
    readonly tableName: string,
    readonly missingIndexes: string[],
  ) {
    super(`table ${tableName} has no index ${missingIndexes.join(', ')}: it was created by an older version of ceasefire-feed`);
  }
}

/** Convenience: the adapter over a document client. */
export function createEventStore(client: DynamoDBDocumentClient, tableName: string): EventStore {
  return new DynamoDbEventStore({ client, tableName });
}
