/**
 * The ingest handler with the real store, s3rver and dynalite: SQS batches of S3 notifications as AWS
 * delivers them, keys URL-encoded.
 */
import { readFile } from 'node:fs/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/handler.ts';
import { MAX_BYTES } from '#commons/articles/limits.ts';
import { collect } from '#commons/store/store.ts';
import { sqsRecord } from '#commons/pipeline/s3-events.ts';
import { closePipeline, pipelineFromEnv } from '#commons/pipeline/runtime.ts';
import { captureStreamRecords } from '../../local/streams.ts';
import { sqsBatch, startTestPipeline, type TestPipeline } from './helpers.ts';

const SEED = new URL('../../../shared/corpus/seeds/000_67a3b4f457941a59.txt', import.meta.url);
const STORY = `Israel and Hamas agree ceasefire in Gaza

Israel and Hamas agreed on Tuesday to a ceasefire in Gaza brokered by Egypt and Qatar, officials said.
The truce takes effect at 6 p.m. on Wednesday, Egyptian mediators said in Cairo.`;

let t: TestPipeline;
let handler: ReturnType<typeof createIngestHandler>;
const writes: string[] = [];

beforeAll(async () => {
  t = await startTestPipeline();
  handler = createIngestHandler(t.pipeline, new Logger({ logLevel: 'SILENT' }));
  captureStreamRecords(t.pipeline.dynamo, (r) => writes.push(r.dynamodb!.Keys!.pk!.S!));
});
afterAll(() => t?.stop());

describe('ingest handler', () => {
  it('stores articles and events, with S3 user metadata as supplied metadata', async () => {
    const key = 'inbox/Gaza truce + talks été.txt';
    const { size } = await t.put(key, STORY, { published: '2024-11-26', publisher: 'Example News' });
    const response = await handler(sqsBatch(t.pipeline.config.inboxBucket, [{ key, size }]));
    expect(response.batchItemFailures).toEqual([]);

    const record = await t.pipeline.store.getObject(key);
    expect(record).toMatchObject({ key, state: 'processed' });
    const stored = await t.pipeline.store.getArticle(record!.articleIds[0]!);
    expect(stored?.article).toMatchObject({ key, publisher: 'Example News', publishedAt: { date: '2024-11-26', basis: 'metadata' } });
    const events = await collect(t.pipeline.store.allFeedEvents());
    expect(events.some((e) => e.type === 'agreement' && e.theatre.country === 'PS')).toBe(true);
  });

  it('is idempotent: a re-delivered batch writes no article or event', async () => {
    const key = 'inbox/seed.txt';
    const { size } = await t.put(key, await readFile(SEED), { published: '2016-02-12' });
    const batch = sqsBatch(t.pipeline.config.inboxBucket, [{ key, size }]);
    await handler(batch);
    const eventsBefore = await collect(t.pipeline.store.allFeedEvents());
    writes.length = 0;
    for (let i = 0; i < 3; i++) expect((await handler(batch)).batchItemFailures).toEqual([]);
    expect(writes.filter((pk) => !pk.startsWith('OBJECT#'))).toEqual([]);
    expect(await collect(t.pipeline.store.allFeedEvents())).toEqual(eventsBefore);
  });

  it('stores an article in a language the extractor does not read without reading it, notes it as unsupported, logs and counts it', async () => {
    const key = 'inbox/wire.xml';
    const french =
      "Israël et le Hamas ont conclu mardi un accord de cessez-le-feu à Gaza, sous l'égide de l'Égypte et du Qatar, " +
      'a annoncé un responsable au Caire. La trêve doit entrer en vigueur mercredi à 18 heures.';
    const [, ...body] = STORY.split('\n');
    const feed =
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><language>en</language>' +
      `<item><title>Gaza truce agreed</title><description>${body.join(' ')}</description></item>` +
      `<item><title>Trêve à Gaza</title><description>${french}</description></item></channel></rss>`;
    const { size } = await t.put(key, feed, { published: '2024-11-26' });
    const logger = new Logger({ logLevel: 'SILENT' });
    const metrics = new Metrics({ namespace: 'test', serviceName: 'ingest' });
    const logged = vi.spyOn(logger, 'info');
    const counted = vi.spyOn(metrics, 'addMetric');
    const ingest = createIngestHandler(t.pipeline, logger, metrics);
    const batch = sqsBatch(t.pipeline.config.inboxBucket, [{ key, size }]);
    expect((await ingest(batch)).batchItemFailures).toEqual([]);

    const unsupported = [{ key: `${key}#1`, language: 'fr' }];
    expect(logged).toHaveBeenCalledWith('object processed', { outcome: expect.objectContaining({ key, articles: 2, unsupported }) });
    expect(counted).toHaveBeenCalledWith('ArticlesUnsupported', 'Count', 1);
    const record = await t.pipeline.store.getObject(key);
    const [english, trêve] = await Promise.all(record!.articleIds.map((id) => t.pipeline.store.getArticle(id))).then((stored) =>
      [...stored].sort((a, b) => a!.article.key.localeCompare(b!.article.key)),
    );
    expect(english!.eventIds.length).toBeGreaterThan(0);
    expect(trêve).toMatchObject({ article: { key: `${key}#1`, language: 'fr', title: 'Trêve à Gaza' }, eventIds: [] });
    expect(await t.pipeline.store.getUnsupported(trêve!.article.id)).toMatchObject({ key: `${key}#1`, language: 'fr' });
    expect(await t.pipeline.store.getUnsupported(english!.article.id)).toBeUndefined();

    // A redelivery writes nothing new; one after a delivery that died between the article and its note writes the note.
    writes.length = 0;
    expect((await ingest(batch)).batchItemFailures).toEqual([]);
    expect(writes.filter((pk) => !pk.startsWith('OBJECT#'))).toEqual([]);
    await t.pipeline.store.unmarkUnsupported(trêve!.article.id);
    expect((await ingest(batch)).batchItemFailures).toEqual([]);
    expect((await t.pipeline.store.listUnsupported()).map((u) => u.key)).toEqual([`${key}#1`]);
  });

  it('rejects unreadable input with a reason, in the store and in rejected/<key>.json', async () => {
    const key = 'inbox/photo.png';
    const { size } = await t.put(key, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    expect((await handler(sqsBatch(t.pipeline.config.inboxBucket, [{ key, size }]))).batchItemFailures).toEqual([]);
    expect(await t.pipeline.store.getObject(key)).toMatchObject({ state: 'rejected', reason: 'binary' });
    const report = await t.pipeline.s3.send(new GetObjectCommand({ Bucket: t.pipeline.config.inboxBucket, Key: `rejected/${key}.json` }));
    expect(JSON.parse(await report.Body!.transformToString())).toMatchObject({ key, reason: 'binary' });
    expect((await t.pipeline.store.listRejected()).map((r) => r.key)).toContain(key);
  });

  it('rejects an oversized object by its size, without downloading it', async () => {
    const key = 'inbox/huge file.txt';
    const { size } = await t.put(key, Buffer.alloc(MAX_BYTES + 1, 'a'));
    t.commands.length = 0;
    await handler(sqsBatch(t.pipeline.config.inboxBucket, [{ key, size }]));
    expect(await t.pipeline.store.getObject(key)).toMatchObject({ state: 'rejected', reason: 'too-large' });
    expect(t.commands).toContain(`HeadObjectCommand ${key}`);
    expect(t.commands).not.toContain(`GetObjectCommand ${key}`);
  });

  it('ignores s3:TestEvent and reports only the malformed record of a batch as failed', async () => {
    const key = 'inbox/second.txt';
    const { size } = await t.put(key, STORY.replace('Tuesday', 'Monday'));
    const good = sqsBatch(t.pipeline.config.inboxBucket, [{ key, size }]).Records[0]!;
    const testEvent = sqsRecord({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-01-01T00:00:00.000Z', Bucket: 'x' });
    const malformed = { ...sqsRecord({}), body: '{"Records": "nope"}' };
    const response = await handler({ Records: [testEvent, malformed, good] });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: malformed.messageId }]);
    expect(await t.pipeline.store.getObject(key)).toMatchObject({ state: 'processed' });
  });

  it('treats an object deleted before it was read as done, and ignores keys outside inbox/', async () => {
    const response = await handler(sqsBatch(t.pipeline.config.inboxBucket, [{ key: 'inbox/gone.txt' }, { key: 'rejected/x.json' }]));
    expect(response.batchItemFailures).toEqual([]);
    expect(await t.pipeline.store.getObject('inbox/gone.txt')).toBeUndefined();
  });

  it('fails the whole batch when the store cannot be written, so SQS retries it', async () => {
    const pipeline = pipelineFromEnv({ ...t.env, TABLE_NAME: 'no-such-table' });
    try {
      const broken = createIngestHandler(pipeline, new Logger({ logLevel: 'SILENT' }));
      await expect(broken(sqsBatch(t.pipeline.config.inboxBucket, [{ key: 'inbox/seed.txt', size: 1 }]))).rejects.toThrow(/All records failed/);
    } finally {
      closePipeline(pipeline);
    }
  });
});
