/**
 * Real s3rver + dynalite for pipeline tests (the same embedded servers the local stack uses), with
 * buckets and a table provisioned and every S3 / DynamoDB command recorded, so tests can assert on
 * what the code sent ("no GetObject for an oversized object", "no PutObject when nothing changed").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { EXTRA_ENV } from '../../infra/names.ts';
import { ENV } from '#commons/config.ts';
import { closePipeline, pipelineFromEnv, type Pipeline } from '#commons/pipeline/runtime.ts';
import { s3ObjectCreatedNotification, sqsRecord } from '#commons/pipeline/s3-events.ts';
import { startEmulators, type Emulators } from '../../local/emulators.ts';
import { provision } from '../../local/stack.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

export interface TestPipeline {
  pipeline: Pipeline;
  env: NodeJS.ProcessEnv;
  emulators: Emulators;
  /** "CommandName key-or-table" of every S3 and DynamoDB command sent, in order. */
  commands: string[];
  put(key: string, body: string | Uint8Array, metadata?: Record<string, string>): Promise<{ size: number }>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startTestPipeline(): Promise<TestPipeline> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-pipeline-'));
  const emulators = await startEmulators({ dataDir: dir, s3Port: 0, dynamoPort: 0 });
  const n = ++counter;
  const env: NodeJS.ProcessEnv = {
    [ENV.stage]: 'test',
    [ENV.tableName]: `events-${n}`,
    [ENV.inboxBucket]: `inbox-${n}`,
    [ENV.feedBucket]: `feed-${n}`,
    [ENV.feedBaseUrl]: 'https://feeds.example.org',
    [ENV.s3Endpoint]: emulators.s3Endpoint,
    [ENV.dynamoEndpoint]: emulators.dynamoEndpoint,
    [EXTRA_ENV.feedCacheControl]: 'public, max-age=60',
  };
  const pipeline = pipelineFromEnv(env);
  await provision(pipeline);
  const commands: string[] = [];
  const describe = (commandName: unknown, input: unknown) => {
    const { Key, TableName } = input as { Key?: unknown; TableName?: string };
    commands.push(`${String(commandName)} ${typeof Key === 'string' ? Key : (TableName ?? '')}`);
  };
  pipeline.s3.middlewareStack.add(
    (next, context) => (args) => {
      describe(context.commandName, args.input);
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  pipeline.dynamo.middlewareStack.add(
    (next, context) => (args) => {
      describe(context.commandName, args.input);
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return {
    pipeline,
    env,
    emulators,
    commands,
    async put(key, body, metadata) {
      const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
      await pipeline.s3.send(new PutObjectCommand({ Bucket: pipeline.config.inboxBucket, Key: key, Body: bytes, Metadata: metadata ?? {} }));
      return { size: bytes.length };
    },
    async stop() {
      closePipeline(pipeline);
      await emulators.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An SQS batch of ObjectCreated notifications, keys URL-encoded as S3 sends them. */
export function sqsBatch(bucket: string, objects: { key: string; size?: number }[]): SQSEvent {
  return {
    Records: objects.map((o) =>
      sqsRecord(s3ObjectCreatedNotification({ bucket, key: o.key, size: o.size ?? 1, eventTime: '2026-01-01T00:00:00.000Z' })),
    ),
  };
}
