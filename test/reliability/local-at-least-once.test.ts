/**
 * At-least-once through the local stack: s3rver raises one notification per PUT, so putting the same
 * bytes again is a re-delivery as the runtime sees it. The seeds are dropped once; then each again 2-5
 * times, concurrently and shuffled; then new files are dropped 3 times at once before any is ingested.
 * The events and articles must not change after the first delivery, and nothing is duplicated or lost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStatus } from '../../functions/cli/status.ts';
import { makeDynamoDocumentClient, makeS3Client } from '#commons/aws/clients.ts';
import { createEventStore } from '#commons/store/dynamodb-store.ts';
import type { EventStore } from '#commons/store/store.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { assertConsistent, seedFiles, shuffle, snapshot } from './helpers.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let dir: string;
let stack: LocalStack;
let s3: S3Client;
let store: EventStore;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-atleastonce-'));
  stack = await startLocalStack({ dataDir: dir, port: 0, s3Port: 0, dynamoPort: 0 });
  s3 = makeS3Client({ s3Endpoint: stack.state.s3Endpoint });
  store = createEventStore(makeDynamoDocumentClient({ dynamoEndpoint: stack.state.dynamoEndpoint }), stack.state.tableName);
}, 60_000);
afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const put = (key: string, body: Buffer) =>
  s3.send(new PutObjectCommand({ Bucket: stack.state.inboxBucket, Key: key, Body: body, Metadata: { published: '2024-03-01' } }));
/** Events and articles without the object records (a re-drop is a new arrival, so its record moves on). */
const content = async (keys: string[]) => {
  const { events, articles, feedOrder } = await snapshot(store, keys);
  return { events, articles, feedOrder };
};

describe('at-least-once delivery through the local stack', () => {
  it('re-deliveries, concurrent and shuffled, change no event or article and duplicate nothing', async () => {
    const seeds = await seedFiles();
    const keys = seeds.map((s) => `inbox/seeds/${s.name}`);
    await Promise.all(seeds.map((s, i) => put(keys[i]!, s.bytes)));
    await stack.idle();
    const first = await content(keys);
    expect(assertConsistent(await snapshot(store, keys))).toEqual([]);
    expect(first.events.length).toBeGreaterThan(0);

    const again = shuffle(seeds.flatMap((s, i) => Array.from({ length: 2 + (i % 4) }, () => [keys[i]!, s.bytes] as const)), 17);
    await Promise.all(again.map(([key, bytes]) => put(key, bytes)));
    await stack.idle();
    expect(await content(keys)).toEqual(first);
    expect(await localStatus(stack.state)).toMatchObject({ dropped: seeds.length, processed: seeds.length, rejected: 0, pending: 0 });

    // New objects, each put three times at once (notifications racing each other in the queue).
    const fresh = seeds.map((s) => ({ key: `inbox/copies/${s.name}`, bytes: s.bytes }));
    await Promise.all(shuffle(fresh.flatMap((f) => [f, f, f]), 5).map((f) => put(f.key, f.bytes)));
    await stack.idle();
    const all = [...keys, ...fresh.map((f) => f.key)];
    const after = await snapshot(store, all);
    expect(assertConsistent(after)).toEqual([]);
    // Same bytes under another key are the same articles: nothing new in the feed.
    expect(after.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    expect(after.articles.map((a) => a.article.id)).toEqual(first.articles.map((a) => a.article.id));
    expect(await localStatus(stack.state)).toMatchObject({ dropped: all.length, processed: all.length, pending: 0 });
  }, 120_000);
});
