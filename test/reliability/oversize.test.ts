/**
 * A 50 MB object is rejected by its size without being read into memory: ingest asks HeadObject first
 * and never sends GetObject for it. If the object grows between the HEAD and the GET (replaced by a
 * larger one), the GET's ContentLength stops it and the body stream is cancelled unread.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/handler.ts';
import { MAX_BYTES } from '#commons/articles/limits.ts';
import { ingestObject } from '#commons/pipeline/ingest-object.ts';
import { sqsBatch, startTestPipeline, type TestPipeline } from '../pipeline/helpers.ts';

let t: TestPipeline;
beforeAll(async () => {
  t = await startTestPipeline();
}, 60_000);
afterAll(() => t?.stop());

const FIFTY_MB = 50 * 1024 * 1024;

describe('oversized objects', () => {
  it('a 50 MB object: HeadObject only, rejected as too-large in the store and in rejected/<key>.json', async () => {
    const key = 'inbox/fifty megabytes.txt';
    const { size } = await t.put(key, Buffer.alloc(FIFTY_MB, 0x61));
    t.commands.length = 0;
    const handler = createIngestHandler(t.pipeline, new Logger({ logLevel: 'SILENT' }));
    expect((await handler(sqsBatch(t.pipeline.config.inboxBucket, [{ key, size }]))).batchItemFailures).toEqual([]);
    expect(t.commands.filter((c) => c.endsWith(key))).toEqual([`HeadObjectCommand ${key}`]);
    const record = await t.pipeline.store.getObject(key);
    expect(record).toMatchObject({ state: 'rejected', reason: 'too-large' });
    expect(record!.detail).toContain(String(FIFTY_MB));
    const report = await t.pipeline.s3.send(new GetObjectCommand({ Bucket: t.pipeline.config.inboxBucket, Key: `rejected/${key}.json` }));
    expect(JSON.parse(await report.Body!.transformToString())).toMatchObject({ key, reason: 'too-large' });
  }, 60_000);

  it('an object that grew between HEAD and GET is rejected from the GET headers, its body never read', async () => {
    let pulled = 0;
    let cancelled = false;
    const body = {
      transformToByteArray: () => Promise.reject(new Error('the body must not be read')),
      transformToString: () => Promise.reject(new Error('the body must not be read')),
      transformToWebStream: () =>
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled++;
            controller.enqueue(new Uint8Array(1024 * 1024));
          },
          cancel() {
            cancelled = true;
          },
        }, { highWaterMark: 0 }),
    };
    const sent: string[] = [];
    const s3 = {
      async send(command: unknown) {
        sent.push((command as object).constructor.name);
        if (command instanceof HeadObjectCommand) return { ContentLength: 100, LastModified: new Date('2026-01-01T00:00:00Z') };
        if (command instanceof GetObjectCommand) return { ContentLength: FIFTY_MB, LastModified: new Date('2026-01-01T00:00:01Z'), Body: body };
        if (command instanceof PutObjectCommand) return {};
        throw new Error(`unexpected ${(command as object).constructor.name}`);
      },
    } as unknown as S3Client;
    const outcome = await ingestObject({ s3, store: t.pipeline.store }, { bucket: 'b', key: 'inbox/grew.txt', eventTime: '2026-01-01T00:00:00Z' });
    expect(outcome).toMatchObject({ state: 'rejected', reason: 'too-large' });
    expect(sent).toEqual(['HeadObjectCommand', 'GetObjectCommand', 'PutObjectCommand']);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toBe(true);
    expect(pulled).toBe(0);
    expect(await t.pipeline.store.getObject('inbox/grew.txt')).toMatchObject({ state: 'rejected', reason: 'too-large' });
  });

  it('exactly MAX_BYTES is read; one byte more is not', async () => {
    const at = 'inbox/at-limit.txt';
    const over = 'inbox/over-limit.txt';
    const story = 'Truce agreed in Gaza\n\nIsrael and Hamas agreed on 3 March 2024 to a ceasefire in Gaza.\n';
    const padded = Buffer.concat([Buffer.from(story), Buffer.alloc(MAX_BYTES - story.length, 0x20)]);
    await t.put(at, padded);
    await t.put(over, Buffer.concat([padded, Buffer.from(' ')]));
    t.commands.length = 0;
    const handler = createIngestHandler(t.pipeline, new Logger({ logLevel: 'SILENT' }));
    await handler(sqsBatch(t.pipeline.config.inboxBucket, [{ key: at }, { key: over }]));
    expect(t.commands).toContain(`GetObjectCommand ${at}`);
    expect(t.commands).not.toContain(`GetObjectCommand ${over}`);
    expect((await t.pipeline.store.getObject(at))?.state).toBe('processed');
    expect(await t.pipeline.store.getObject(over)).toMatchObject({ state: 'rejected', reason: 'too-large' });
  }, 60_000);
});
