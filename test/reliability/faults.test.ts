/**
 * DynamoDB faults in the middle of an ingest batch (SDK middleware on the client the store uses):
 * - errors the SDK has given up on (thrown above its retry layer): the affected records come back as
 *   batch item failures, the rest of the batch is done, retrying only the failed records (as SQS does)
 *   succeeds, and the final store equals a clean run;
 * - transient throttling below the retry layer: the SDK's own retries absorb it, no record fails.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/handler.ts';
import { createPublishHandler } from '../../functions/publish/handler.ts';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { sqsBatch, startTestPipeline, type TestPipeline } from '../pipeline/helpers.ts';
import { assertConsistent, seedFiles, snapshot, withFreshTable } from './helpers.ts';
import { itemId } from '#commons/feeds/render.ts';

const SILENT = () => new Logger({ logLevel: 'SILENT' });
const STORY = (place: string, day: number) => `Truce agreed in ${place}

Israel and Hamas agreed on ${day} March 2024 to a ceasefire in ${place} brokered by Egypt and Qatar, officials said in Cairo.`;

function throttle(name = 'ProvisionedThroughputExceededException'): Error {
  return Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected)'), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

let t: TestPipeline;
const objects: { key: string; size: number }[] = [];
let expected: Awaited<ReturnType<typeof snapshot>>;
const keys = () => objects.map((o) => o.key);

beforeAll(async () => {
  t = await startTestPipeline();
  for (const seed of await seedFiles()) objects.push({ key: `inbox/${seed.name}`, ...(await t.put(`inbox/${seed.name}`, seed.bytes, { published: '2024-03-01' })) });
  for (const [i, place] of ['Gaza', 'Rafah', 'Khan Younis'].entries()) {
    objects.push({ key: `inbox/story ${i}.txt`, ...(await t.put(`inbox/story ${i}.txt`, STORY(place, 3))) });
  }
  objects.push({ key: 'inbox/empty.txt', ...(await t.put('inbox/empty.txt', '')) });
  const clean = await withFreshTable(t);
  const handler = createIngestHandler(clean.pipeline, SILENT());
  for (const o of objects) expect((await handler(sqsBatch(t.pipeline.config.inboxBucket, [o]))).batchItemFailures).toEqual([]);
  expected = await snapshot(clean.store, keys());
  expect(assertConsistent(expected)).toEqual([]);
  expect(expected.counts).toEqual({ processed: objects.length - 1, rejected: 1 });
}, 60_000);
afterAll(() => t?.stop());

/** Runs a batch as the SQS event source would: failed records (or all, when the handler throws) are delivered again. */
async function untilDone(handler: ReturnType<typeof createIngestHandler>, event: SQSEvent, maxRounds = 20) {
  let pending: SQSRecord[] = event.Records;
  const failuresPerRound: number[] = [];
  for (let round = 0; pending.length > 0; round++) {
    if (round >= maxRounds) throw new Error(`still failing after ${maxRounds} rounds`);
    let failed: Set<string>;
    try {
      const response = await handler({ Records: pending });
      failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(pending.map((r) => r.messageId)); // "All records failed": the whole batch comes back.
    }
    failuresPerRound.push(failed.size);
    pending = pending.filter((r) => failed.has(r.messageId));
  }
  return failuresPerRound;
}

describe('DynamoDB faults mid-batch', () => {
  it('failed records are reported as batch item failures, the others are done, and retries converge on the clean store', async () => {
    const run = await withFreshTable(t);
    let calls = 0;
    let injected = 0;
    let paused = false;
    // Above the SDK's retry layer: the error the handler sees after the SDK gave up. Every 4th write or read fails, 12 in all.
    // A fault fails at most one record, so fewer faults than records in the first delivery leave some record done
    // whatever the interleaving of the concurrent records.
    let limit = objects.length - 1;
    run.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (/^(Put|Get|Query)(Item)?Command$/.test(String(context.commandName)) && !paused && ++calls % 4 === 0 && injected < limit) {
          injected++;
          throw throttle();
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectThrottling' },
    );
    const handler = createIngestHandler(run.pipeline, SILENT());
    const event = sqsBatch(t.pipeline.config.inboxBucket, objects);

    const first = await handler(event);
    limit = 12;
    expect(first.batchItemFailures.length).toBeGreaterThan(0);
    expect(first.batchItemFailures.length).toBeLessThan(objects.length);
    const failedIds = new Set(first.batchItemFailures.map((f) => f.itemIdentifier));
    // Records not reported as failed are really done (checked with the faults paused).
    paused = true;
    for (const [i, record] of event.Records.entries()) {
      if (!failedIds.has(record.messageId)) expect(await run.store.getObject(objects[i]!.key), objects[i]!.key).toBeDefined();
    }

    paused = false;
    const rounds = await untilDone(handler, { Records: event.Records.filter((r) => failedIds.has(r.messageId)) });
    expect(rounds.at(-1)).toBe(0);
    expect(injected).toBeGreaterThan(first.batchItemFailures.length - 1);
    paused = true;
    const actual = await snapshot(run.store, keys());
    expect(assertConsistent(actual)).toEqual([]);
    expect(actual).toEqual(expected);
  }, 60_000);

  it('a batch whose every record fails throws (the whole batch is retried) and still converges', async () => {
    const run = await withFreshTable(t);
    let down = true;
    run.dynamo.middlewareStack.add(
      (next) => async (args) => {
        if (down) throw throttle('ServiceUnavailable');
        return next(args);
      },
      { step: 'initialize', name: 'outage' },
    );
    const handler = createIngestHandler(run.pipeline, SILENT());
    const event = sqsBatch(t.pipeline.config.inboxBucket, objects);
    await expect(handler(event)).rejects.toThrow(/All records failed/);
    down = false;
    expect(await untilDone(handler, event)).toEqual([0]);
    expect(await snapshot(run.store, keys())).toEqual(expected);
  }, 60_000);

  it('transient throttling below the retry layer is absorbed by the SDK retries: no failed record', async () => {
    const run = await withFreshTable(t);
    let calls = 0;
    let injected = 0;
    run.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (/^Put(Item)?Command$/.test(String(context.commandName)) && ++calls % 3 === 0 && injected < 8) {
          injected++;
          throw throttle('ThrottlingException');
        }
        return next(args);
      },
      // Inside the retry middleware (finalizeRequest, high priority), so each attempt passes here.
      { step: 'finalizeRequest', priority: 'low', name: 'transientThrottling' },
    );
    const handler = createIngestHandler(run.pipeline, SILENT());
    const response = await handler(sqsBatch(t.pipeline.config.inboxBucket, objects));
    expect(response.batchItemFailures).toEqual([]);
    expect(injected).toBeGreaterThan(0);
    expect(await snapshot(run.store, keys())).toEqual(expected);
  }, 60_000);

  it('publish: a rebuild that fails on a DynamoDB error reports the batch, and the retried batch publishes', async () => {
    const run = await withFreshTable(t);
    const ingest = createIngestHandler(run.pipeline, SILENT());
    for (const o of objects) await ingest(sqsBatch(t.pipeline.config.inboxBucket, [o]));
    let failing = true;
    run.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (failing && /^Query(Command)?$/.test(String(context.commandName))) throw throttle();
        return next(args);
      },
      { step: 'initialize', name: 'queryOutage' },
    );
    const feedBucket = t.pipeline.config.feedBucket;
    const before = await t.pipeline.s3.send(new ListObjectsV2Command({ Bucket: feedBucket }));
    const publish = createPublishHandler(run.pipeline, SILENT());
    const event: DynamoDBStreamEvent = {
      Records: ['101', '102'].map((seq) => ({
        eventName: 'INSERT',
        dynamodb: { SequenceNumber: seq, Keys: { pk: { S: 'EVENT#x' }, sk: { S: 'EVENT' } } },
      })),
    };
    expect(await publish(event)).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
    const after = await t.pipeline.s3.send(new ListObjectsV2Command({ Bucket: feedBucket }));
    expect(after.KeyCount ?? 0).toBe(before.KeyCount ?? 0);
    failing = false;
    expect(await publish(event)).toEqual({ batchItemFailures: [] });
    const feed = await t.pipeline.s3.send(new GetObjectCommand({ Bucket: feedBucket, Key: 'feed.json' }));
    const items = (JSON.parse(await feed.Body!.transformToString()) as { items: { id: string }[] }).items.map((i) => i.id).sort();
    expect(items).toEqual(expected.events.map((e) => itemId(e.id)).sort());
  }, 60_000);
});
