/**
 * Regression: the embedded S3 lists more than 1,000 keys. s3rver's ListObjectsV2 continuation token used
 * single DES, which OpenSSL 3 lacks, so every truncated listing failed with InternalError and `status`
 * (and the local runtime's rescan of inbox/ on start) broke past 1,000 dropped objects.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeS3Client } from '#commons/aws/clients.ts';
import { mapLimit } from '#commons/pipeline/concurrency.ts';
import { listInbox } from '#commons/pipeline/status.ts';
import { startEmulators, type Emulators } from '../../local/emulators.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let dir: string | undefined;
let emulators: Emulators | undefined;
afterAll(async () => {
  await emulators?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('embedded S3 listing', () => {
  it('pages through more than 1,000 inbox objects', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-listing-'));
    emulators = await startEmulators({ dataDir: dir, s3Port: 0, dynamoPort: 0 });
    const s3 = makeS3Client({ s3Endpoint: emulators.s3Endpoint }, { maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: 'listing-inbox' }));
    const keys = Array.from({ length: 1234 }, (_, i) => `inbox/batch/${String(i).padStart(4, '0')} é+.txt`);
    await mapLimit(keys, 16, (Key) => s3.send(new PutObjectCommand({ Bucket: 'listing-inbox', Key, Body: 'x' })));
    const listed: string[] = [];
    for await (const object of listInbox(s3, 'listing-inbox')) listed.push(object.key);
    expect(listed.sort()).toEqual([...keys].sort());
    s3.destroy();
  }, 60_000);
});
