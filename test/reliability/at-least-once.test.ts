/**
 * At-least-once delivery through the ingest handler (real s3rver + dynalite): every S3 notification is
 * delivered 2 to 5 times, shuffled across batches, inside the same batch, and the batches run
 * concurrently. The table must end up exactly as after one clean, serial delivery: no duplicate event,
 * no duplicate or lost source, the same articles, object records, counts and feed order.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/handler.ts';
import { s3ObjectCreatedNotification, sqsRecord, encodeS3Key } from '#commons/pipeline/s3-events.ts';
import { startTestPipeline, type TestPipeline } from '../pipeline/helpers.ts';
import { assertConsistent, seedFiles, shuffle, snapshot, withFreshTable } from './helpers.ts';

const SILENT = () => new Logger({ logLevel: 'SILENT' });
const STORY = (place: string, day: number) => `Truce agreed in ${place}

Israel and Hamas agreed on ${day} March 2024 to a ceasefire in ${place} brokered by Egypt and Qatar, officials said in Cairo.`;

const FRENCH = `Trêve à Gaza

Israël et le Hamas ont conclu le 3 mars 2024 un accord de cessez-le-feu à Gaza sous l'égide de l'Égypte et du Qatar, ont indiqué des responsables au Caire.`;

let t: TestPipeline;
const objects: { key: string; size: number }[] = [];

/** One notification per object, as S3 sends it (key URL-encoded); a re-delivery is the same body under a new message id. */
function notification(o: { key: string; size: number }): string {
  return JSON.stringify(
    s3ObjectCreatedNotification({ bucket: t.pipeline.config.inboxBucket, key: o.key, size: o.size, eventTime: '2026-01-01T00:00:00.000Z' }),
  );
}
const deliver = (body: string): SQSRecord => sqsRecord(JSON.parse(body));

beforeAll(async () => {
  t = await startTestPipeline();
  const seeds = await seedFiles();
  for (const seed of seeds) objects.push({ key: `inbox/seeds/${seed.name}`, ...(await t.put(`inbox/seeds/${seed.name}`, seed.bytes, { published: '2024-03-01' })) });
  // Two articles about the same development (they merge into one event), a key that needs encoding, a rejection,
  // and an article in a language the extractor does not read (stored unread, with a note).
  objects.push({ key: 'inbox/gaza 1+1 été.txt', ...(await t.put('inbox/gaza 1+1 été.txt', STORY('Gaza', 3))) });
  objects.push({ key: 'inbox/gaza again.txt', ...(await t.put('inbox/gaza again.txt', STORY('Gaza', 3).replace('officials said', 'diplomats said'))) });
  objects.push({ key: 'inbox/trêve.txt', ...(await t.put('inbox/trêve.txt', FRENCH)) });
  objects.push({ key: 'inbox/photo.png', ...(await t.put('inbox/photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))) });
}, 60_000);
afterAll(() => t?.stop());

describe('at-least-once delivery through the ingest handler', () => {
  it('the notification is URL-encoded as S3 sends it', () => {
    expect(notification(objects.find((o) => o.key.includes('été'))!)).toContain(encodeS3Key('inbox/gaza 1+1 été.txt'));
    expect(encodeS3Key('inbox/gaza 1+1 été.txt')).toBe('inbox/gaza+1%2B1+%C3%A9t%C3%A9.txt');
  });

  it('2-5 shuffled, concurrent deliveries leave the store identical to one clean delivery', async () => {
    const keys = objects.map((o) => o.key);
    const clean = await withFreshTable(t);
    const cleanHandler = createIngestHandler(clean.pipeline, SILENT());
    for (const o of objects) expect((await cleanHandler({ Records: [deliver(notification(o))] })).batchItemFailures).toEqual([]);
    const expected = await snapshot(clean.store, keys);
    expect(assertConsistent(expected)).toEqual([]);
    expect(expected.events.length).toBeGreaterThan(0);
    expect(expected.counts).toEqual({ processed: objects.length - 1, rejected: 1 });
    expect(expected.unsupported.map((u) => [u.key, u.language])).toEqual([['inbox/trêve.txt', 'fr']]);
    // The two Gaza stories report one development: one event with both articles as sources.
    const gaza = expected.articles.filter((a) => a.article.key.includes('gaza'));
    expect(gaza).toHaveLength(2);
    const shared = gaza[0]!.eventIds.filter((id) => gaza[1]!.eventIds.includes(id));
    expect(shared.length).toBeGreaterThan(0);

    for (const seed of [1, 2, 3]) {
      const hostile = await withFreshTable(t);
      const handler = createIngestHandler(hostile.pipeline, SILENT());
      // Each object 2..5 times, shuffled; batches of 1..10 (SQS's maximum), some with the same body twice.
      const copies = objects.flatMap((o, i) => Array.from({ length: 2 + ((i + seed) % 4) }, () => notification(o)));
      const shuffled = shuffle(copies, seed * 7919);
      const batches: SQSRecord[][] = [];
      for (let i = 0, size = 1; i < shuffled.length; i += size, size = (size % 10) + 1) batches.push(shuffled.slice(i, i + size).map(deliver));
      const responses = await Promise.all(batches.map((records) => handler({ Records: records })));
      expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);

      const actual = await snapshot(hostile.store, keys);
      expect(assertConsistent(actual)).toEqual([]);
      expect(actual).toEqual(expected);
    }
  }, 120_000);

  it('a second wave of re-deliveries after the first finished changes nothing', async () => {
    const keys = objects.map((o) => o.key);
    const run = await withFreshTable(t);
    const handler = createIngestHandler(run.pipeline, SILENT());
    await Promise.all(objects.map((o) => handler({ Records: [deliver(notification(o))] })));
    const first = await snapshot(run.store, keys);
    const again = shuffle(objects.flatMap((o) => [notification(o), notification(o)]), 42);
    const responses = await Promise.all(again.map((body) => handler({ Records: [deliver(body)] })));
    expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);
    expect(await snapshot(run.store, keys)).toEqual(first);
  }, 60_000);
});
