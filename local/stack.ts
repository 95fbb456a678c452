/**
 * The whole pipeline on one machine, wired like the AWS stack:
 *
 *   s3rver (inbox bucket, inbox/) --event--> InboxQueue (SQS + event source mapping)
 *     --> ingest handler (the Lambda's own code, SQS-wrapped S3 notifications, keys URL-encoded)
 *   dynalite (table) --captured writes (no Streams in dynalite)--> DebouncedPublisher --> publishFeeds
 *     --> s3rver (feed bucket) --> feed server on PORT (CloudFront's part: ETag, Last-Modified, 304)
 *   LocalPoller (every 15 minutes, and on `sources poll`) --> poll handler --> publishers' feeds
 *     --> s3rver (inbox bucket, inbox/sources/) --> ingest as above
 *
 * Handlers get the same configuration names as on AWS (functions/commons/config.ts), with endpoints
 * pointing at the embedded servers. Data lives under DATA_DIR and survives restarts; on start, every
 * inbox object without an outcome is queued again, so nothing dropped is lost.
 */
import { appendFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DeleteTableCommand, type DynamoDBClient, waitUntilTableNotExists } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { EXTRA_ENV, INBOX_PREFIX, metricsNamespace, serviceName } from '../infra/names.ts';
import {
  type LocalStackState,
  readLocalState,
  removeLocalState,
  writeLocalState,
} from '../functions/cli/local-stack.ts';
import { describeObject, reportObject } from '../functions/cli/outcome.ts';
import { ENV } from '#commons/config.ts';
import { confidenceFigure } from '#commons/feeds/describe.ts';
import { DEFAULT_MIN_CONFIDENCE } from '#commons/feeds/threshold.ts';
import { publishDeps, publishFeeds, type PublishOptions, type PublishResult } from '#commons/pipeline/publish-feeds.ts';
import { closePipeline, pipelineFromEnv, type Pipeline } from '#commons/pipeline/runtime.ts';
import { s3ObjectCreatedNotification, decodeS3Key, type InboxMessage } from '#commons/pipeline/s3-events.ts';
import { findPending } from '#commons/pipeline/status.ts';
import type { PollRound } from '#commons/sources/poll.ts';
import { POLL_DEFAULTS, POLL_ENV } from '#commons/sources/settings.ts';
import { createTable, TableLayoutError } from '#commons/store/dynamodb-store.ts';
import { startEmulators, type S3rverEvent } from './emulators.ts';
import { listen } from './listen.ts';
import { createFeedRequestHandler, send, type FeedRequestHandler } from './feed-server.ts';
import { InboxQueue } from './inbox-queue.ts';
import { LocalPoller } from './poller.ts';
import { DebouncedPublisher } from './publisher.ts';
import { IngestWorkers } from './ingest-workers.ts';
import { captureStreamRecords } from './streams.ts';

export const LOCAL_NAMES = {
  inboxBucket: 'ceasefire-feed-local-inbox',
  feedBucket: 'ceasefire-feed-local-feed',
  tableName: 'ceasefire-feed-local-events',
} as const;

export const DEFAULT_INGEST_WORKERS = 2;

/** Locally a reader should always revalidate (a conditional GET answered with 304 is cheap). */
export const LOCAL_CACHE_CONTROL = 'no-cache';

export interface LocalStackOptions {
  dataDir: string;
  /** Feed server port; 0 picks a free one. */
  port: number;
  /** Embedded S3 and DynamoDB ports; 0 picks free ones. */
  s3Port: number;
  dynamoPort: number;
  /** Ingest worker threads, like the ingest function's maximum concurrency (default 2, as in dev); 0 runs the handler in this thread. */
  ingestWorkers?: number;
  /** Powertools log level of the handlers (default WARN keeps the console readable). */
  logLevel?: LogLevel;
  /** Where progress lines go (default: nowhere). */
  log?: (line: string) => void;
  /** Minutes between scheduled polling rounds (default 15, as on a stage); 0 polls only when asked. */
  pollIntervalMinutes?: number;
  /** ALLOW_PRIVATE_SOURCES for the poller: `1` (or addresses and CIDRs) lets it fetch feeds on private addresses. */
  allowPrivateSources?: string;
  /** FEED_MIN_CONFIDENCE for the publisher: the feeds carry developments from this confidence (default 0.55, as a stage). */
  minConfidence?: number;
}

export interface LocalStack {
  state: LocalStackState;
  /** Resolves when every queued object is ingested and the feeds are rebuilt. */
  idle(): Promise<void>;
  publish(options?: PublishOptions): Promise<PublishResult>;
  /** One polling round now (after any round in progress). */
  poll(): Promise<PollRound>;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  await refuseIfRunning(dataDir);
  localProcessDefaults(options.logLevel);
  // Undone in reverse order by stop() or when startup fails.
  const cleanup: (() => Promise<void> | void)[] = [];
  const undo = async () => {
    for (const step of cleanup.reverse()) await step();
  };

  try {
    let queue: InboxQueue | undefined;
    const emulators = await startEmulators({
      dataDir,
      s3Port: options.s3Port,
      dynamoPort: options.dynamoPort,
      onS3Event: (event) => queue && forwardS3rverEvent(queue, event),
    });
    cleanup.push(() => emulators.stop());

    // The feed server listens first: its port is part of the feeds' base URL (FEED_BASE_URL).
    let feeds: FeedRequestHandler | undefined;
    const server = createServer((request, response) =>
      feeds ? feeds.handle(request, response) : send(response, 503, 'text/plain; charset=utf-8', 'Starting, try again in a moment.\n'),
    );
    await listen(server, options.port, '127.0.0.1');
    cleanup.push(() => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
    const port = (server.address() as AddressInfo).port;
    const feedBaseUrl = `http://localhost:${port}`;

    // The configuration names the Lambdas get (config.ts), with local endpoints.
    const env: NodeJS.ProcessEnv = {
      [ENV.stage]: 'local',
      [ENV.tableName]: LOCAL_NAMES.tableName,
      [ENV.inboxBucket]: LOCAL_NAMES.inboxBucket,
      [ENV.feedBucket]: LOCAL_NAMES.feedBucket,
      [ENV.feedBaseUrl]: feedBaseUrl,
      [ENV.s3Endpoint]: emulators.s3Endpoint,
      [ENV.dynamoEndpoint]: emulators.dynamoEndpoint,
      [EXTRA_ENV.feedCacheControl]: LOCAL_CACHE_CONTROL,
      [EXTRA_ENV.feedMinConfidence]: String(options.minConfidence ?? DEFAULT_MIN_CONFIDENCE),
    };
    // One set of clients per function, as on AWS (each ingest worker builds its own from `env`).
    const publishPipeline = pipelineFromEnv(env);
    const localPipeline = pipelineFromEnv(env);
    cleanup.push(() => [publishPipeline, localPipeline].forEach(closePipeline));
    await provision(localPipeline, log);

    // One set of deps for the stack's life, as a warm publish Lambda keeps them: its event cache lets a
    // rebuild read only the events that changed.
    const publishWith = publishDeps(publishPipeline);
    const publisher = new DebouncedPublisher({
      busy: () => (queue?.size ?? 0) > 0,
      publish: (publishOptions) => publishFeeds(publishWith, publishOptions),
      onPublished: (result) => {
        feeds?.invalidate([...result.written, ...result.removed]);
        if (result.written.length) {
          const shown = result.written.length > 4 ? `${result.written.length} files` : result.written.join(', ');
          const below = result.belowThreshold
            ? ` (${result.belowThreshold} below the feeds' confidence threshold of ${confidenceFigure(publishWith.minConfidence)}: on the pages only)`
            : '';
          log(`feeds rebuilt: ${result.events} developments${below}; wrote ${shown} (${result.timings.totalMs} ms)`);
        }
      },
      onError: (error, willRetry) => log(`feed rebuild failed${willRetry ? ', will retry' : ''}: ${(error as Error).message}`),
    });
    cleanup.push(() => publisher.close());

    // The ingest function's concurrent environments: worker threads running the real handler, each
    // with its own clients; their table writes come back as stream records for the publisher. With
    // `ingestWorkers: 0` the handler runs in this thread instead (quicker to start, for tests).
    const logLevel = options.logLevel ?? 'WARN';
    const workerIngest = (count: number) => {
      // They load in the background while the stack starts; batches wait for them.
      const workers = new IngestWorkers({ count, env, logLevel, onStreamRecord: (record) => publisher.notify([record]) });
      workers.ready().catch((error: Error) => log(`ingest workers could not start: ${error.message}`));
      return { invoke: (event: SQSEvent) => workers.invoke(event), stop: () => workers.stop() };
    };
    const inProcessIngest = async () => {
      const { createIngestHandler } = await import('../functions/ingest/handler.ts');
      const pipeline = pipelineFromEnv(env);
      captureStreamRecords(pipeline.dynamo, (record) => publisher.notify([record]));
      const handler = createIngestHandler(
        pipeline,
        new Logger({ serviceName: serviceName('ingest'), logLevel }),
        new Metrics({ serviceName: serviceName('ingest'), namespace: metricsNamespace('local') }),
      );
      return { invoke: (event: SQSEvent) => handler(event), stop: async () => closePipeline(pipeline) };
    };
    const workerCount = options.ingestWorkers ?? DEFAULT_INGEST_WORKERS;
    const ingest = workerCount > 0 ? workerIngest(workerCount) : await inProcessIngest();
    cleanup.push(() => ingest.stop());
    queue = new InboxQueue({
      concurrency: Math.max(1, workerCount),
      handler: (event) => ingest.invoke(event),
      ...(options.log ? { onBatch: (records, failed, error) => void reportBatch(localPipeline, records, failed, error, log) } : {}),
      onDeadLetter: (record) => void deadLetter(dataDir, record, log),
    });
    cleanup.push(() => queue!.close());

    // The poll function: its handler, in this thread, on the stage's schedule (LocalPoller, one round at a time).
    const { pollHandlerFromEnv } = await import('../functions/poll/handler.ts');
    const pollEnv = { ...env, ...(options.allowPrivateSources ? { [POLL_ENV.allowPrivateSources]: options.allowPrivateSources } : {}) };
    const pollPipeline = pipelineFromEnv(pollEnv);
    cleanup.push(() => closePipeline(pollPipeline));
    // Stage `local`, FEED_BASE_URL the feed server's, no default sources: all from `env`.
    const pollHandler = pollHandlerFromEnv(
      pollPipeline,
      pollEnv,
      new Logger({ serviceName: serviceName('poll'), logLevel }),
      new Metrics({ serviceName: serviceName('poll'), namespace: metricsNamespace('local') }),
    );
    const poller = new LocalPoller({
      round: () => pollHandler({ action: 'poll' }),
      intervalMs: (options.pollIntervalMinutes ?? POLL_DEFAULTS.intervalMinutes) * 60_000,
      onRound: (round) => {
        const line = describeRound(round);
        if (line) log(line);
      },
      onError: (error) => log(`polling round failed: ${error.message}`),
    });
    cleanup.push(() => poller.close());

    const idle = async (): Promise<void> => {
      // Ingest makes rebuild work; a rebuild never makes ingest work. Settle both.
      do {
        await queue!.idle();
        await publisher.idle();
      } while (queue!.size > 0);
    };
    feeds = createFeedRequestHandler({
      s3: localPipeline.s3,
      bucket: LOCAL_NAMES.feedBucket,
      control: {
        health: () => ({ ok: true, pid: process.pid, dataDir, port }),
        publish: (full) => publisher.publishNow({ full }),
        poll: () => poller.pollNow(),
        idle: async () => {
          await idle();
          return { idle: true };
        },
      },
    });

    // The feeds exist (and say how to drop articles) from the start; a new port rewrites their links.
    await publisher.publishNow();
    const pending = await findPending({ s3: localPipeline.s3, store: localPipeline.store, inboxBucket: LOCAL_NAMES.inboxBucket });
    for (const object of pending) {
      queue.send(
        s3ObjectCreatedNotification({
          bucket: LOCAL_NAMES.inboxBucket,
          key: object.key,
          size: object.size,
          ...(object.eTag ? { eTag: object.eTag } : {}),
          eventTime: object.lastModified,
        }),
      );
    }
    if (pending.length) log(`re-queued ${pending.length} dropped object(s) with no outcome yet`);
    poller.start();

    const state: LocalStackState = {
      version: 1,
      pid: process.pid,
      dataDir,
      port,
      feedBaseUrl,
      s3Endpoint: emulators.s3Endpoint,
      dynamoEndpoint: emulators.dynamoEndpoint,
      inboxBucket: LOCAL_NAMES.inboxBucket,
      feedBucket: LOCAL_NAMES.feedBucket,
      tableName: LOCAL_NAMES.tableName,
      startedAt: new Date().toISOString(),
    };
    await writeLocalState(state);
    cleanup.push(async () => {
      const current = await readLocalState(dataDir);
      if (current?.pid === process.pid && current.port === port) await removeLocalState(dataDir);
    });

    let stopped: Promise<void> | undefined;
    return {
      state,
      idle,
      publish: (publishOptions) => publisher.publishNow(publishOptions),
      poll: () => poller.pollNow(),
      stop: () => (stopped ??= undo()),
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

/** One console line on a round that found or failed something; '' for a quiet one. */
function describeRound(round: PollRound): string {
  const failed = round.sources.flatMap((o) => (o.state === 'failed' ? [`${o.source}: ${o.error.message}`] : []));
  if (!round.dropped && !failed.length) return '';
  const found = round.sources.flatMap((o) => (o.state === 'polled' && o.dropped.length ? [`${o.source} ${o.dropped.length}`] : []));
  return [
    `polled ${round.sources.length} source${round.sources.length === 1 ? '' : 's'}: ${round.dropped} new item${round.dropped === 1 ? '' : 's'}${found.length ? ` (${found.join(', ')})` : ''}`,
    ...(failed.length ? [`${failed.length} failed: ${failed.join('; ')}`] : []),
  ].join('; ');
}

/** s3rver emits S3-shaped events with raw keys; S3 sends the inbox notification with keys URL-encoded. */
function forwardS3rverEvent(queue: InboxQueue, event: S3rverEvent): void {
  for (const record of event.Records) {
    const { bucket, object } = record.s3;
    // The inbox bucket's notification configuration: ObjectCreated:* under inbox/.
    if (bucket.name !== LOCAL_NAMES.inboxBucket || !object.key.startsWith(INBOX_PREFIX)) continue;
    if (!record.eventName.startsWith('ObjectCreated:')) continue;
    queue.send(
      s3ObjectCreatedNotification({
        bucket: bucket.name,
        key: object.key,
        size: object.size ?? 0,
        ...(object.eTag ? { eTag: object.eTag } : {}),
        eventTime: record.eventTime,
        eventName: record.eventName,
      }),
    );
  }
}

/** Buckets and table, created when missing (the CDK stack owns them on AWS). */
export async function provision(pipeline: Pipeline, log: (line: string) => void = () => {}): Promise<void> {
  for (const bucket of [pipeline.config.inboxBucket, pipeline.config.feedBucket]) {
    try {
      await pipeline.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
    }
  }
  const { tableName } = pipeline.config;
  try {
    await createTable(pipeline.dynamo, tableName);
  } catch (error) {
    if (!(error instanceof TableLayoutError)) throw error;
    // dynalite cannot add an index to a table. Everything in the local table comes from the inbox,
    // which is kept, so a new table is filled again by the start-up rescan of inbox/.
    log(`the local table predates index ${error.missingIndexes.join(', ')}; recreating it and ingesting inbox/ again`);
    const dynamo = pipeline.dynamo as unknown as DynamoDBClient;
    await dynamo.send(new DeleteTableCommand({ TableName: tableName }));
    await waitUntilTableNotExists({ client: dynamo, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
    await createTable(pipeline.dynamo, tableName);
  }
}

/** Powertools settings for handlers running inside this process (Lambda sets its own). */
function localProcessDefaults(logLevel: LogLevel | undefined): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= logLevel ?? 'WARN';
}

async function refuseIfRunning(dataDir: string): Promise<void> {
  const state = await readLocalState(dataDir);
  if (!state) return;
  const alive = await fetch(`${state.feedBaseUrl}/_local/health`, { signal: AbortSignal.timeout(1500) })
    .then(async (r) => r.ok && ((await r.json()) as { dataDir?: string }).dataDir === dataDir)
    .catch(() => false);
  if (alive) {
    throw new Error(`A local stack for ${dataDir} is already running at ${state.feedBaseUrl} (pid ${state.pid}). Stop it first, or use another DATA_DIR.`);
  }
}

/** One line per dropped object: what the store now says about it. */
async function reportBatch(
  pipeline: Pipeline,
  records: readonly SQSRecord[],
  failed: ReadonlySet<string>,
  error: unknown,
  log: (line: string) => void,
): Promise<void> {
  for (const record of records) {
    const keys = keysOf(record);
    if (failed.has(record.messageId)) {
      log(`ingest failed for ${keys.join(', ') || record.messageId} (receive ${record.attributes.ApproximateReceiveCount}), will retry: ${(error as Error | undefined)?.message ?? 'see the handler log'}`);
      continue;
    }
    for (const key of keys) {
      const report = await reportObject(pipeline, key).catch(() => undefined);
      if (report) log(describeObject(report));
    }
  }
}

function keysOf(record: SQSRecord): string[] {
  try {
    const body = JSON.parse(record.body) as InboxMessage['body'];
    return 'Records' in body ? body.Records.map((r) => decodeS3Key(r.s3.object.key)) : [];
  } catch {
    return [];
  }
}

/** The local dead-letter queue: a JSON line per message that kept failing. */
async function deadLetter(dataDir: string, record: SQSRecord, log: (line: string) => void): Promise<void> {
  const file = path.join(dataDir, 'dead-letter.jsonl');
  await appendFile(file, `${JSON.stringify({ at: new Date().toISOString(), record })}\n`);
  log(`gave up on ${keysOf(record).join(', ') || record.messageId} after ${record.attributes.ApproximateReceiveCount} attempts; the message is in ${file}`);
}
