/**
 * What the Bedrock extractor keeps in the stage's table: model answers cached by article, model and
 * prompt version (so a redelivered message never pays twice), and per-day counters, one of which is
 * the daily cap on model calls. The port and its DynamoDB adapter; items are described in ./README.md.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documents } from '#commons/aws/sdk.ts';
import { isConditionalCheckFailed, TABLE_KEYS, TTL_ATTRIBUTE } from './keys.ts';

/** A model's answer for one article: the tool input that passed the schema, or `invalid` after the repair turn. */
export type CachedModelResult =
  | { outcome: 'answered'; toolInput: unknown; inputTokens: number; outputTokens: number }
  | { outcome: 'invalid'; inputTokens: number; outputTokens: number };

/** What one article adds to the day's counters. */
export interface UsageDelta {
  /** Calls not counted by `reserveModelCall` already (where no cap is set). */
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** Micro-dollars at list price, so the counter stays an integer. */
  estimatedCostMicroUsd: number;
  fallbacks: number;
  droppedEvents: number;
  cachedResults: number;
}

/** A day's counters; `modelCalls` counts Converse requests sent (or reserved and about to be). */
export interface DailyUsage extends UsageDelta {
  day: string;
}

export interface ModelLedger {
  cachedResult(key: string): Promise<CachedModelResult | undefined>;
  cacheResult(key: string, result: CachedModelResult): Promise<void>;
  /** Count one model call against `day`'s limit; false (and nothing counted) once the limit is reached. */
  reserveModelCall(day: string, limit: number): Promise<boolean>;
  recordUsage(day: string, delta: UsageDelta): Promise<void>;
  usageOn(day: string): Promise<DailyUsage | undefined>;
}

/** Long enough for any redelivery (queue 4 days + dead-letter queue 14 days) and a `reextract` months later. */
export const CACHED_RESULT_DAYS = 90;
/** A year and a bit of daily counters: enough to compare a month with the same month last year. */
export const USAGE_DAYS = 400;

export const LEDGER_ITEM = {
  result: { pk: (key: string) => `MODEL_RESULT#${key}`, sk: 'MODEL_RESULT' },
  usage: { pk: (day: string) => `MODEL_USAGE#${day}`, sk: 'MODEL_USAGE' },
} as const;

const DAY_SECONDS = 86_400;
const USAGE_COUNTERS = ['modelCalls', 'inputTokens', 'outputTokens', 'estimatedCostMicroUsd', 'fallbacks', 'droppedEvents', 'cachedResults'] as const;

export class DynamoDbModelLedger implements ModelLedger {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #now: () => Date;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string; now?: () => Date }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#now = options.now ?? (() => new Date());
  }

  #expiresAfter(days: number): number {
    return Math.floor(this.#now().getTime() / 1000) + days * DAY_SECONDS;
  }

  async cachedResult(key: string): Promise<CachedModelResult | undefined> {
    const { Item } = await this.#client.send(
      new documents.GetCommand({
        TableName: this.#tableName,
        Key: { [TABLE_KEYS.partitionKey]: LEDGER_ITEM.result.pk(key), [TABLE_KEYS.sortKey]: LEDGER_ITEM.result.sk },
      }),
    );
    // TTL deletes lazily (up to days late): an expired item is a miss.
    if (!Item || (typeof Item[TTL_ATTRIBUTE] === 'number' && Item[TTL_ATTRIBUTE] * 1000 < this.#now().getTime())) return undefined;
    return JSON.parse(Item.resultJson as string) as CachedModelResult;
  }

  async cacheResult(key: string, result: CachedModelResult): Promise<void> {
    await this.#client.send(
      new documents.PutCommand({
        TableName: this.#tableName,
        Item: {
          [TABLE_KEYS.partitionKey]: LEDGER_ITEM.result.pk(key),
          [TABLE_KEYS.sortKey]: LEDGER_ITEM.result.sk,
          kind: 'model-result',
          resultJson: JSON.stringify(result),
          at: this.#now().toISOString(),
          [TTL_ATTRIBUTE]: this.#expiresAfter(CACHED_RESULT_DAYS),
        },
      }),
    );
  }

  #usageKey(day: string) {
    return { [TABLE_KEYS.partitionKey]: LEDGER_ITEM.usage.pk(day), [TABLE_KEYS.sortKey]: LEDGER_ITEM.usage.sk };
  }

  async reserveModelCall(day: string, limit: number): Promise<boolean> {
    try {
      await this.#client.send(
        new documents.UpdateCommand({
          TableName: this.#tableName,
          Key: this.#usageKey(day),
          // One atomic conditional increment: concurrent ingest functions can never overshoot the limit.
          UpdateExpression: 'ADD modelCalls :one SET kind = :kind, #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(modelCalls) OR modelCalls < :limit',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':kind': 'model-usage', ':ttl': this.#expiresAfter(USAGE_DAYS) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async recordUsage(day: string, delta: UsageDelta): Promise<void> {
    const counters = USAGE_COUNTERS.filter((name) => delta[name] !== 0);
    if (counters.length === 0) return;
    await this.#client.send(
      new documents.UpdateCommand({
        TableName: this.#tableName,
        Key: this.#usageKey(day),
        UpdateExpression: `ADD ${counters.map((name) => `${name} :${name}`).join(', ')} SET kind = :kind, #ttl = if_not_exists(#ttl, :ttl)`,
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ...Object.fromEntries(counters.map((name) => [`:${name}`, delta[name]])),
          ':kind': 'model-usage',
          ':ttl': this.#expiresAfter(USAGE_DAYS),
        },
      }),
    );
  }

  async usageOn(day: string): Promise<DailyUsage | undefined> {
    const { Item } = await this.#client.send(new documents.GetCommand({ TableName: this.#tableName, Key: this.#usageKey(day) }));
    if (!Item) return undefined;
    const count = (name: string) => (typeof Item[name] === 'number' ? (Item[name] as number) : 0);
    return { day, ...(Object.fromEntries(USAGE_COUNTERS.map((name) => [name, count(name)])) as unknown as UsageDelta) };
  }
}

export { usageDay } from './usage-day.ts';
