/**
 * Nothing dropped is lost: objects put into the inbox while the runtime is not running (or not yet
 * ingested when it stopped) are ingested when it starts again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DeleteTableCommand, waitUntilTableNotExists } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { localStatus } from '../../functions/cli/status.ts';
import { makeDynamoClient, makeS3Client } from '#commons/aws/clients.ts';
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

async function dropWhileDown(dataDir: string, keys: string[]): Promise<void> {
  // Only the embedded S3 runs: objects land in the inbox, but nothing ingests them.
  const emulators = await startEmulators({ dataDir, s3Port: 0, dynamoPort: 0 });
  const s3 = makeS3Client({ s3Endpoint: emulators.s3Endpoint });
  for (const [i, key] of keys.entries()) {
    await s3.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.inboxBucket, Key: key, Body: Buffer.from(STORY(3 + i)) }));
  }
  s3.destroy();
  await emulators.stop();
}

describe('restart recovery', () => {
  it('ingests objects that were dropped while the runtime was down', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-recovery-'));
    stack = await startLocalStack({ dataDir: dir, port: 0, s3Port: 0, dynamoPort: 0, ingestWorkers: 0 });
    await stack.stop();

    await dropWhileDown(dir, ['inbox/offline 3.txt', 'inbox/offline 4.txt', 'inbox/offline 5.txt']);

    stack = await startLocalStack({ dataDir: dir, port: 0, s3Port: 0, dynamoPort: 0, ingestWorkers: 0 });
    await stack.idle();
    const status = await localStatus(stack.state);
    expect(status).toMatchObject({ dropped: 3, processed: 3, rejected: 0, pending: 0 });
    expect(status.events).toBeGreaterThan(0);
  });

  it('recreates a table made by an older version (missing an index) and ingests the inbox again', async () => {
    await stack?.stop();
    stack = undefined;
    await dropWhileDown(dir!, ['inbox/older 1.txt']);
    // A table as an older version made it: the feed and status indexes only.
    const emulators = await startEmulators({ dataDir: dir!, s3Port: 0, dynamoPort: 0 });
    const dynamo = makeDynamoClient({ dynamoEndpoint: emulators.dynamoEndpoint });
    await dynamo.send(new DeleteTableCommand({ TableName: LOCAL_NAMES.tableName }));
    await waitUntilTableNotExists({ client: dynamo, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TableName: LOCAL_NAMES.tableName });
    const key = (name: string, type: 'HASH' | 'RANGE') => ({ AttributeName: name, KeyType: type });
    await dynamo.send(
      new CreateTableCommand({
        TableName: LOCAL_NAMES.tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'feedPk', 'feedSk', 'statusPk', 'statusSk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [key('pk', 'HASH'), key('sk', 'RANGE')],
        GlobalSecondaryIndexes: ['feed', 'status'].map((name) => ({
          IndexName: name,
          KeySchema: [key(`${name}Pk`, 'HASH'), key(`${name}Sk`, 'RANGE')],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
    dynamo.destroy();
    await emulators.stop();

    stack = await startLocalStack({ dataDir: dir!, port: 0, s3Port: 0, dynamoPort: 0, ingestWorkers: 0 });
    await stack.idle();
    expect(await localStatus(stack.state)).toMatchObject({ dropped: 4, processed: 4, rejected: 0, pending: 0 });
    await stack.stop();
    stack = undefined;
  });
});
