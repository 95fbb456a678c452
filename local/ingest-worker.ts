/**
 * One ingest "Lambda execution environment": a worker thread that owns its own clients and runs the
 * real ingest handler (functions/ingest/handler.ts) on the SQS batches the local queue sends it. Its
 * table writes are reported back as stream records (dynalite has no Streams), for the publisher.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSEvent } from 'aws-lambda';
import { createIngestHandler } from '../functions/ingest/handler.ts';
import { closePipeline, pipelineFromEnv } from '#commons/pipeline/runtime.ts';
import { metricsNamespace, serviceName } from '../infra/names.ts';
import { captureStreamRecords } from './streams.ts';

export interface IngestWorkerData {
  env: NodeJS.ProcessEnv;
  logLevel: LogLevel;
}

export type IngestWorkerRequest = { type: 'batch'; id: number; event: SQSEvent } | { type: 'stop' };

const { env, logLevel } = workerData as IngestWorkerData;
const port = parentPort!;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const pipeline = pipelineFromEnv(env);
captureStreamRecords(pipeline.dynamo, (record) => port.postMessage({ type: 'stream', record }));
const handler = createIngestHandler(
  pipeline,
  new Logger({ serviceName: serviceName('ingest'), logLevel }),
  new Metrics({ serviceName: serviceName('ingest'), namespace: metricsNamespace('local') }),
);

port.on('message', async (message: IngestWorkerRequest) => {
  if (message.type === 'stop') {
    closePipeline(pipeline);
    port.postMessage({ type: 'stopped' });
    return;
  }
  try {
    port.postMessage({ type: 'result', id: message.id, response: await handler(message.event) });
  } catch (error) {
    port.postMessage({ type: 'result', id: message.id, error: (error as Error).message ?? String(error) });
  }
});
port.postMessage({ type: 'ready' });
