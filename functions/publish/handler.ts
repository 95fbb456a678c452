/**
 * DynamoDB stream batch -> one rebuild of the feeds (publishFeeds: a Query of the feed index, then only
 * the events changed since this container's last rebuild; `deps` live as long as it does). A batch that touches no
 * event item (dropped-object records, re-delivered articles) changes no feed and is skipped. If the
 * rebuild fails, the first record is reported, so Lambda retries the whole batch (one rebuild covers it).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { publishDeps, publishFeeds } from '#commons/pipeline/publish-feeds.ts';
import { pipelineFromEnv, type Pipeline } from '#commons/pipeline/runtime.ts';
import { changesFeed } from '#commons/pipeline/stream.ts';

export function createPublishHandler(pipeline: Pipeline, logger = new Logger(), metrics = new Metrics()) {
  const deps = publishDeps(pipeline);
  return async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    if (context) logger.addContext(context);
    if (!changesFeed(event.Records)) return { batchItemFailures: [] };
    try {
      const result = await publishFeeds(deps);
      logger.info('feeds published', { result: { ...result, written: result.written.length } });
      metrics.addMetric('FeedFilesWritten', MetricUnit.Count, result.written.length);
      metrics.addMetric('FeedEvents', MetricUnit.Count, result.events);
      metrics.addMetric('RebuildTime', MetricUnit.Milliseconds, result.timings.totalMs);
      return { batchItemFailures: [] };
    } catch (error) {
      logger.error('feed rebuild failed; the batch will be retried', error as Error);
      const first = event.Records[0]?.dynamodb?.SequenceNumber;
      return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

let fromEnv: ReturnType<typeof createPublishHandler> | undefined;
export const handler = (event: DynamoDBStreamEvent, context: Context) => (fromEnv ??= createPublishHandler(pipelineFromEnv()))(event, context);
