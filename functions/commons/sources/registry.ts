/**
 * The sources a stage follows, and what the poller remembers of them, in the stage's own table (so
 * adding one needs no deploy). Items (layout in functions/commons/store/README.md):
 *
 *   source  pk SOURCES            sk <name>       the definition, and the polling state
 *   seen    pk SEEN#<name>        sk <item hash>  an item already dropped into the inbox, until `expiresAt` (TTL)
 *
 * Reads are Query and GetItem, never Scan. Definitions and polling state are written with UpdateItem
 * on their own attributes, so `sources import` and a running round never overwrite each other's.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documents } from '#commons/aws/sdk.ts';
import { isConditionalCheckFailed, SOURCE_PARTITIONS, TABLE_KEYS, TTL_ATTRIBUTE } from '#commons/store/keys.ts';
import type { SourceDefinition } from './definition.ts';
import { itemHash } from './keys.ts';

const PK = TABLE_KEYS.partitionKey;
const SK = TABLE_KEYS.sortKey;

/** Why the last poll of a source failed. */
export type PollErrorKind =
  | 'timeout'
  | 'blocked'
  | 'redirects'
  | 'too-large'
  | 'network'
  | 'http'
  | 'rate-limited'
  | 'not-a-feed'
  | 'malformed'
  | 'unsafe';

export interface PollError {
  kind: PollErrorKind;
  message: string;
  at: string;
}

export interface PollState {
  addedAt: string;
  /** Validators of the last complete answer, sent back as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
  lastPolledAt?: string;
  lastSuccessAt?: string;
  lastError?: PollError;
  /** When the current run of failures began; cleared by a success. */
  failingSince?: string;
  /** Not polled before this time (the source's Retry-After). */
  retryAfter?: string;
  /** Items dropped by the last successful poll, and since the source was added. */
  lastNewItems?: number;
  itemsDropped?: number;
}

export type Source = SourceDefinition & PollState;

/** What a poll changes: a value sets the attribute, `null` removes it. */
export type PollStatePatch = { [K in Exclude<keyof PollState, 'addedAt' | 'itemsDropped'>]?: PollState[K] | null } & {
  /** Added to `itemsDropped`. */
  dropped?: number;
  /** Keep `failingSince` if set, else set it to this. */
  failingSinceIfUnset?: string;
};

export class SourceExistsError extends Error {
  override name = 'SourceExistsError';
}

/** The definition's fields besides its name and URL: unset in a new definition means removed. */
const OPTIONAL_DEFINITION_FIELDS = ['publisher', 'keywords'] as const;
const STATE_FIELDS = ['etag', 'lastModified', 'lastPolledAt', 'lastSuccessAt', 'lastError', 'failingSince', 'retryAfter', 'lastNewItems'] as const;

export class SourceRegistry {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Every source, in name order (one Query; consistent, so a source just added is there). */
  async list(): Promise<Source[]> {
    const sources: Source[] = [];
    const pages = documents.paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': PK },
        ExpressionAttributeValues: { ':pk': SOURCE_PARTITIONS.sources },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) sources.push(...(page.Items ?? []).map(itemToSource));
    return sources;
  }

  async get(name: string): Promise<Source | undefined> {
    const out = await this.client.send(new documents.GetCommand({ TableName: this.tableName, Key: sourceKey(name), ConsistentRead: true }));
    return out.Item ? itemToSource(out.Item) : undefined;
  }

  /** Adds a source; a SourceExistsError when one of that name is followed already. */
  async add(definition: SourceDefinition, addedAt: string): Promise<void> {
    try {
      await this.client.send(
        new documents.PutCommand({
          TableName: this.tableName,
          Item: { ...sourceKey(definition.name), kind: 'source', ...definition, addedAt },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw new SourceExistsError(`A source named '${definition.name}' is followed already.`);
      }
      throw error;
    }
  }

  /** Adds the sources that are not followed yet (a stage's default list, at deploy); returns their names. */
  async addMissing(definitions: readonly SourceDefinition[], addedAt: string): Promise<string[]> {
    const added: string[] = [];
    for (const definition of definitions) {
      try {
        await this.add(definition, addedAt);
        added.push(definition.name);
      } catch (error) {
        if (!(error instanceof SourceExistsError)) throw error;
      }
    }
    return added;
  }

  /**
   * Replaces a source's definition and keeps its state; a new URL also forgets the old feed's
   * validators and errors. False when no such source exists.
   */
  async redefine(definition: SourceDefinition, urlChanged: boolean): Promise<boolean> {
    const set: Record<string, unknown> = { url: definition.url };
    const remove: string[] = [];
    for (const field of OPTIONAL_DEFINITION_FIELDS) {
      if (definition[field] === undefined) remove.push(field);
      else set[field] = definition[field];
    }
    if (urlChanged) remove.push('etag', 'lastModified', 'lastError', 'failingSince', 'retryAfter');
    return this.#update(definition.name, set, remove, 'attribute_exists(#pk)', {}, {});
  }

  /** Stops following a source; false when there was none. Its seen items expire by themselves. */
  async remove(name: string): Promise<boolean> {
    const out = await this.client.send(new documents.DeleteCommand({ TableName: this.tableName, Key: sourceKey(name), ReturnValues: 'ALL_OLD' }));
    return out.Attributes !== undefined;
  }

  /**
   * Writes what a poll of `source` found, unless the source was removed or given another URL meanwhile
   * (then the result belongs to nothing and is dropped).
   */
  async recordPoll(source: Pick<Source, 'name' | 'url'>, patch: PollStatePatch): Promise<void> {
    const set: Record<string, unknown> = {};
    const remove: string[] = [];
    for (const field of STATE_FIELDS) {
      const value = patch[field];
      if (value === null) remove.push(field);
      else if (value !== undefined) set[field] = value;
    }
    const extra: string[] = [];
    const names: Record<string, string> = { '#url': 'url' };
    const values: Record<string, unknown> = { ':url': source.url };
    if (patch.dropped) {
      extra.push('#itemsDropped = if_not_exists(#itemsDropped, :zero) + :dropped');
      names['#itemsDropped'] = 'itemsDropped';
      Object.assign(values, { ':zero': 0, ':dropped': patch.dropped });
    }
    if (patch.failingSinceIfUnset) {
      extra.push('#failingSince = if_not_exists(#failingSince, :failingSince)');
      names['#failingSince'] = 'failingSince';
      values[':failingSince'] = patch.failingSinceIfUnset;
    }
    await this.#update(source.name, set, remove, 'attribute_exists(#pk) AND #url = :url', names, values, extra);
  }

  /** Whether an item of this source was dropped before (and not yet forgotten). */
  async seen(source: string, itemId: string): Promise<boolean> {
    const out = await this.client.send(
      new documents.GetCommand({ TableName: this.tableName, Key: seenKey(source, itemId), ProjectionExpression: '#pk', ExpressionAttributeNames: { '#pk': PK } }),
    );
    return out.Item !== undefined;
  }

  /** Remembers a dropped item until `expiresAt` (epoch seconds; the table's TTL removes it after that). */
  async markSeen(source: string, itemId: string, record: { objectKey: string; at: string; expiresAt: number }): Promise<void> {
    await this.client.send(
      new documents.PutCommand({
        TableName: this.tableName,
        Item: {
          ...seenKey(source, itemId),
          kind: 'seen',
          // The id as the feed gives it, for a person reading the table; the key holds its hash.
          itemId: itemId.slice(0, 512),
          objectKey: record.objectKey,
          seenAt: record.at,
          [TTL_ATTRIBUTE]: record.expiresAt,
        },
      }),
    );
  }

  /**
   * One UpdateItem: SET and REMOVE of plain attributes, extra SET clauses, under a condition (on `#pk`).
   * `names` and `values` hold the placeholders of the extra clauses and the condition besides `#pk`.
   */
  async #update(
    name: string,
    set: Record<string, unknown>,
    remove: string[],
    condition: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
    extraSet: string[] = [],
  ): Promise<boolean> {
    const placeholders: Record<string, string> = { '#pk': PK, ...names };
    const clauses = Object.keys(set).map((field) => {
      placeholders[`#${field}`] = field;
      values[`:${field}`] = set[field];
      return `#${field} = :${field}`;
    });
    for (const field of remove) placeholders[`#${field}`] = field;
    const expression = [
      clauses.length + extraSet.length ? `SET ${[...clauses, ...extraSet].join(', ')}` : '',
      remove.length ? `REMOVE ${remove.map((field) => `#${field}`).join(', ')}` : '',
    ].filter(Boolean);
    if (expression.length === 0) return true;
    try {
      await this.client.send(
        new documents.UpdateCommand({
          TableName: this.tableName,
          Key: sourceKey(name),
          UpdateExpression: expression.join(' '),
          ConditionExpression: condition,
          ExpressionAttributeNames: placeholders,
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}

function sourceKey(name: string): Record<string, string> {
  return { [PK]: SOURCE_PARTITIONS.sources, [SK]: name };
}

function seenKey(source: string, itemId: string): Record<string, string> {
  return { [PK]: `${SOURCE_PARTITIONS.seenPrefix}${source}`, [SK]: itemHash(itemId) };
}

function itemToSource(item: Record<string, unknown>): Source {
  const { [PK]: _pk, [SK]: _sk, kind: _kind, ...source } = item;
  return source as unknown as Source;
}
