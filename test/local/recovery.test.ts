/**
 * Nothing dropped is lost: objects put into the inbox while the runtime is not running (or not yet
 * ingested when it stopped) are ingested when it starts again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { localStatus } from '../../functions/cli/status.ts';
import { makeS3Client } from '#commons/aws/clients.ts';
import { startEmulators } from '../../local/emulators.ts';
import { LOCAL_NAMES, startLocalStack, type LocalStack } from '../../local/stack.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const STORY = (day: number) => `Israel and Hamas agree ceasefire in Gaza

Israel and Hamas agreed on ${day} March 2024 to a ceasefire in Gaza brokered by Egypt and Qatar, officials said in Cairo.`;

let dir: string | undefined;
let stack: LocalStack | undefined;
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('restart recovery', () => {
  it('ingests objects that were dropped while the runtime was down', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-recovery-'));
    stack = await startLocalStack({ dataDir: dir, port: 0, s3Port: 0, dynamoPort: 0, ingestWorkers: 0 });
    await stack.stop();

    // Only the embedded S3 runs: objects land in the inbox, but nothing ingests them.
    const emulators = await startEmulators({ dataDir: dir, s3Port: 0, dynamoPort: 0 });
    const s3 = makeS3Client({ s3Endpoint: emulators.s3Endpoint });
    for (const day of [3, 4, 5]) {
      await s3.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.inboxBucket, Key: `inbox/offline ${day}.txt`, Body: Buffer.from(STORY(day)) }));
    }
    s3.destroy();
    await emulators.stop();

    stack = await startLocalStack({ dataDir: dir, port: 0, s3Port: 0, dynamoPort: 0, ingestWorkers: 0 });
    await stack.idle();
    const status = await localStatus(stack.state);
    expect(status).toMatchObject({ dropped: 3, processed: 3, rejected: 0, pending: 0 });
    expect(status.events).toBeGreaterThan(0);
  });
});
