/**
 * The publish handler with the real store, s3rver and dynalite: one rebuild per stream batch, objects
 * written only when their bytes change, batches without event changes skipped, failures reported.
 */
import { readFile } from 'node:fs/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/handler.ts';
import { createPublishHandler } from '../../functions/publish/handler.ts';
import Parser from 'rss-parser';
import { CONTENT_TYPES, itemId } from '#commons/feeds/render.ts';
import { MANIFEST_KEY, publishDeps, publishFeeds, ttlMinutesOf } from '#commons/pipeline/publish-feeds.ts';
import { closePipeline, pipelineFromEnv } from '#commons/pipeline/runtime.ts';
import { makeArticle, makeEvent } from '../helpers/events.ts';
import { sqsBatch, startTestPipeline, type TestPipeline } from './helpers.ts';

const silent = () => new Logger({ logLevel: 'SILENT' });
let t: TestPipeline;
let publish: ReturnType<typeof createPublishHandler>;

function streamBatch(...pks: string[]): DynamoDBStreamEvent {
  return {
    Records: pks.map(
      (pk, i): DynamoDBRecord => ({
        eventName: 'MODIFY',
        eventSource: 'aws:dynamodb',
        dynamodb: { Keys: { pk: { S: pk }, sk: { S: pk.split('#')[0]! } }, SequenceNumber: String(100 + i), StreamViewType: 'NEW_IMAGE' },
      }),
    ),
  };
}

async function head(key: string) {
  return t.pipeline.s3.send(new HeadObjectCommand({ Bucket: t.pipeline.config.feedBucket, Key: key }));
}

beforeAll(async () => {
  t = await startTestPipeline();
  publish = createPublishHandler(t.pipeline, silent());
  const seed = await readFile(new URL('../../../shared/corpus/seeds/004_ea3934ab1743516e.txt', import.meta.url));
  const { size } = await t.put('inbox/seed.txt', seed, { published: '2016-05-09' });
  await createIngestHandler(t.pipeline, silent())(sqsBatch(t.pipeline.config.inboxBucket, [{ key: 'inbox/seed.txt', size }]));
});
afterAll(() => t?.stop());

describe('publish handler', () => {
  it('rebuilds the feeds from a Query and stores them with content type and Cache-Control', async () => {
    t.commands.length = 0;
    expect(await publish(streamBatch('OBJECT#inbox/seed.txt', 'EVENT#abc'))).toEqual({ batchItemFailures: [] });
    expect(t.commands.some((c) => c.startsWith('QueryCommand'))).toBe(true);
    expect(t.commands.some((c) => c.startsWith('ScanCommand'))).toBe(false);
    for (const [key, type] of [['feed.xml', CONTENT_TYPES.rss], ['atom.xml', CONTENT_TYPES.atom], ['feed.json', CONTENT_TYPES.json], ['index.html', CONTENT_TYPES.html]]) {
      const object = await head(key!);
      expect(object.ContentType).toBe(type);
      expect(object.CacheControl).toBe('public, max-age=60');
    }
    await head(MANIFEST_KEY);
  });

  it('asks readers (RSS <ttl>) to poll as often as the Cache-Control lets caches reuse a copy', async () => {
    const out = await t.pipeline.s3.send(new GetObjectCommand({ Bucket: t.pipeline.config.feedBucket, Key: 'feed.xml' }));
    expect(await out.Body!.transformToString()).toContain('<ttl>1</ttl>'); // public, max-age=60
    expect(['public, max-age=900', 'public, max-age=300, stale-while-revalidate=300, stale-if-error=86400', 'no-cache'].map(ttlMinutesOf)).toEqual([15, 5, 15]);
  });

  it('writes nothing when nothing changed, so ETag and Last-Modified stay', async () => {
    const before = await head('feed.xml');
    t.commands.length = 0;
    await publish(streamBatch('EVENT#abc'));
    // The manifest knows every page's fingerprint and every file's hash: nothing to render or compare.
    expect(t.commands.filter((c) => /^(PutObject|HeadObject)Command/.test(c))).toEqual([]);
    const after = await head('feed.xml');
    expect([after.ETag, after.LastModified]).toEqual([before.ETag, before.LastModified]);
  });

  it('re-renders everything without a manifest and still writes only changed bytes', async () => {
    await t.pipeline.s3.send(new DeleteObjectCommand({ Bucket: t.pipeline.config.feedBucket, Key: MANIFEST_KEY }));
    const result = await publishFeeds(publishDeps(t.pipeline));
    expect(result.rendered).toBeGreaterThanOrEqual(4);
    expect(result.written).toEqual([]);
    expect(result.unchanged).toBe(result.rendered);
  });

  it('deletes the files of a theatre feed whose only development was removed, and its page; type feeds stay', async () => {
    const article = makeArticle({ seed: 'lone yemen report' });
    const lone = makeEvent({ seed: 'lone yemen truce', article, theatre: { country: 'YE', areas: [] } });
    await t.pipeline.store.recordArticle(article, [lone]);
    await publish(streamBatch(`EVENT#${lone.id}`));
    await head('feeds/theatre/YE.xml');
    await head(`developments/${lone.id}.html`);

    // What re-extraction does to a development no article reports any more.
    await t.pipeline.store.reviseEvent(lone.id, async () => undefined);
    const result = await publishFeeds(publishDeps(t.pipeline));
    const gone = [`developments/${lone.id}.html`, 'feeds/theatre/YE.atom', 'feeds/theatre/YE.json', 'feeds/theatre/YE.xml', 'theatre/YE.html'];
    expect([...result.removed].sort()).toEqual(gone);
    for (const key of gone) await expect(head(key)).rejects.toMatchObject({ name: 'NotFound' });
    await head(`feeds/type/${lone.type}.xml`);
  });

  it('skips a batch that touches no event (object records, re-delivered articles)', async () => {
    t.commands.length = 0;
    expect(await publish(streamBatch('OBJECT#inbox/x.txt', 'ARTICLE#1234'))).toEqual({ batchItemFailures: [] });
    expect(t.commands).toEqual([]);
  });

  it('rebuilds when the deployment trigger invokes it without records, and throws if that fails', async () => {
    await t.pipeline.s3.send(new DeleteObjectCommand({ Bucket: t.pipeline.config.feedBucket, Key: 'feed.json' }));
    await t.pipeline.s3.send(new DeleteObjectCommand({ Bucket: t.pipeline.config.feedBucket, Key: MANIFEST_KEY }));
    expect(await publish({})).toEqual({ batchItemFailures: [] });
    await head('feed.json');
    const pipeline = pipelineFromEnv({ ...t.env, FEED_BUCKET: 'no-such-bucket' });
    try {
      await expect(createPublishHandler(pipeline, silent())(null)).rejects.toThrow();
    } finally {
      closePipeline(pipeline);
    }
  });

  it('reports the batch as failed when the rebuild fails, so Lambda retries it', async () => {
    const pipeline = pipelineFromEnv({ ...t.env, FEED_BUCKET: 'no-such-bucket' });
    try {
      const broken = createPublishHandler(pipeline, silent());
      expect(await broken(streamBatch('EVENT#abc', 'EVENT#def'))).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
    } finally {
      closePipeline(pipeline);
    }
  });
});

describe("the feeds' minimum confidence (FEED_MIN_CONFIDENCE)", () => {
  const text = async (key: string) =>
    (await t.pipeline.s3.send(new GetObjectCommand({ Bucket: t.pipeline.config.feedBucket, Key: key }))).Body!.transformToString();
  const report = (seed: string, publisher: string) => {
    const article = makeArticle({ seed, publisher, url: undefined });
    const event = makeEvent({ seed: 'sudan violation', article, type: 'violation', theatre: { country: 'SD', areas: [] }, confidence: 0.5 });
    return { article, event };
  };

  it('publishes a development below it to the pages only, and into the feeds once another outlet reports it', async () => {
    const deps = publishDeps(t.pipeline);
    expect(deps.minConfidence).toBe(0.55);
    const feed = (await new Parser().parseString(await text('feed.xml'))).items.map((i) => i.guid);
    const first = report('sudan one', 'Alpha News');
    await t.pipeline.store.recordArticle(first.article, [first.event]);
    const held = await publishFeeds(deps);
    expect(held.belowThreshold).toBe(1);
    // Its page and the timelines; no document that lists developments (the new Sudan feed is empty, and says why).
    expect(held.written).toEqual(expect.arrayContaining([`developments/${first.event.id}.html`, 'index.html', 'theatre/SD.html', 'type/violation.html']));
    for (const key of ['feed.xml', 'atom.xml', 'feed.json']) expect(held.written, key).not.toContain(key);
    expect((await new Parser().parseString(await text('feed.xml'))).items.map((i) => i.guid)).toEqual(feed);
    expect(await text('index.html')).toContain("Below the feeds' confidence threshold");

    const second = report('sudan two', 'Beta Wire');
    await t.pipeline.store.recordArticle(second.article, [second.event]);
    const joined = await publishFeeds(deps);
    expect(joined.belowThreshold).toBe(0);
    expect(joined.written).toEqual(expect.arrayContaining(['feed.xml', 'atom.xml', 'feed.json', 'feeds/theatre/SD.xml', 'feeds/type/violation.json']));
    expect((await new Parser().parseString(await text('feeds/theatre/SD.xml'))).items.map((i) => i.guid)).toEqual([itemId(first.event.id)]);
  });

  it('is read from the environment, and a value that is no confidence stops the function', () => {
    const strict = pipelineFromEnv({ ...t.env, FEED_MIN_CONFIDENCE: '0.9' });
    closePipeline(strict);
    expect(publishDeps(strict).minConfidence).toBe(0.9);
    expect(() => pipelineFromEnv({ ...t.env, FEED_MIN_CONFIDENCE: 'high' })).toThrow(/FEED_MIN_CONFIDENCE must be a number from 0 to 1/);
  });
});
