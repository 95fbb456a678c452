/**
 * DynamoDB stream batch -> one rebuild of the feeds (publishFeeds: a Query of the feed index, then only
 * the events changed since this container's last rebuild; `deps` live as long as it does). A batch that touches no
 * event item (dropped-object records, re-delivered articles) changes no feed and is skipped. If the
 * rebuild fails, the first record is reported, so Lambda retries the whole batch (one rebuild covers it).
 *
 * Each deployment also invokes the function once, asynchronously and without records (infra
 * FeedPublisher's trigger): a new stage gets its empty feeds, a new renderer reaches every page. If that
 * rebuild fails it throws, so Lambda retries the invocation.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { traceClients, traceInvocation } from '#commons/aws/tracing.ts';
import { publishDeps, publishFeeds } from '#commons/pipeline/publish-feeds.ts';
import { pipelineFromEnv, type Pipeline } from '#commons/pipeline/runtime.ts';
import { changesFeed } from '#commons/pipeline/stream.ts';

/** A stream batch, or the deployment trigger's invocation (no payload). */
export type PublishInvocation = DynamoDBStreamEvent | Record<string, never> | null;

export function createPublishHandler(pipeline: Pipeline, logger = new Logger(), metrics = new Metrics(), tracer = new Tracer()) {
  traceClients(tracer, pipeline);
  const deps = publishDeps(pipeline);
  return traceInvocation(tracer, async (event: PublishInvocation, context?: Context): Promise<DynamoDBBatchResponse> => {
    if (context) logger.addContext(context);
    const records = event?.Records;
    if (records && !changesFeed(records)) return { batchItemFailures: [] };
    try {
      const result = await publishFeeds(deps);
      logger.info('feeds published', { trigger: records ? 'stream' : 'deployment', result: { ...result, written: result.written.length } });
      metrics.addMetric('FeedFilesWritten', MetricUnit.Count, result.written.length);
      metrics.addMetric('FeedEvents', MetricUnit.Count, result.events);
      metrics.addMetric('FeedEventsBelowThreshold', MetricUnit.Count, result.belowThreshold);
      metrics.addMetric('RebuildTime', MetricUnit.Milliseconds, result.timings.totalMs);
      return { batchItemFailures: [] };
    } catch (error) {
      if (!records) {
        logger.error('feed rebuild after deployment failed; Lambda retries the invocation', error as Error);
        throw error;
      }
      logger.error('feed rebuild failed; the batch will be retried', error as Error);
      const first = records[0]?.dynamodb?.SequenceNumber;
      return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  });
}

let fromEnv: ReturnType<typeof createPublishHandler> | undefined;
export const handler = (event: PublishInvocation, context: Context) => (fromEnv ??= createPublishHandler(pipelineFromEnv()))(event, context);
