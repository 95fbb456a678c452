/**
 * SQS batch of S3 notifications -> ingestObject per created object. Records are validated with the
 * Powertools parser schemas; a record that fails (validation or a transport error) is reported as a
 * batch item failure, retried by SQS and finally moved to the dead-letter queue. s3:TestEvent is ignored.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ExtractionTally } from '#commons/extraction/extractor.ts';
import { ingestObject } from '#commons/pipeline/ingest-object.ts';
import { stageExtractor } from '#commons/pipeline/stage-extractor.ts';
import { pipelineFromEnv, type Pipeline } from '#commons/pipeline/runtime.ts';
import { InboxMessageSchema, objectsCreated, type InboxMessage } from '#commons/pipeline/s3-events.ts';

const OUTCOME_METRICS = { processed: 'ObjectsProcessed', rejected: 'ObjectsRejected', missing: 'ObjectsMissing', ignored: 'ObjectsIgnored' } as const;
/** A model backend's work (docs/operations.md); the cost estimate is in US dollars at list price. */
const MODEL_METRICS: Record<Exclude<keyof ExtractionTally, 'articles'>, [string, (typeof MetricUnit)[keyof typeof MetricUnit]]> = {
  modelCalls: ['ModelCalls', MetricUnit.Count],
  cachedResults: ['ModelResultsCached', MetricUnit.Count],
  inputTokens: ['ModelInputTokens', MetricUnit.Count],
  outputTokens: ['ModelOutputTokens', MetricUnit.Count],
  estimatedCostUsd: ['ModelCostEstimateUsd', MetricUnit.NoUnit],
  fallbacks: ['ExtractionFallbacks', MetricUnit.Count],
  droppedEvents: ['ModelEventsDropped', MetricUnit.Count],
};

export function createIngestHandler(pipeline: Pipeline, logger = new Logger(), metrics = new Metrics()) {
  const processor = new BatchProcessor(EventType.SQS, { parser, schema: InboxMessageSchema, logger });
  const deps = { ...pipeline, extractor: stageExtractor(pipeline) };
  const recordHandler = async (record: InboxMessage): Promise<void> => {
    for (const ref of objectsCreated(record.body)) {
      const outcome = await ingestObject(deps, ref);
      logger.info(`object ${outcome.state}`, { outcome });
      metrics.addMetric(OUTCOME_METRICS[outcome.state], MetricUnit.Count, 1);
      if (outcome.state === 'processed') {
        metrics.addMetric('EventsCreated', MetricUnit.Count, outcome.eventsCreated);
        // Stored but not read: in a language the extractor does not read yet (the outcome logged above names them).
        metrics.addMetric('ArticlesUnsupported', MetricUnit.Count, outcome.unsupported.length);
      }
      if (outcome.state === 'processed' && outcome.extraction) {
        for (const [field, [name, unit]] of Object.entries(MODEL_METRICS)) {
          metrics.addMetric(name, unit, outcome.extraction[field as keyof typeof MODEL_METRICS]);
        }
      }
    }
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    if (context) logger.addContext(context);
    try {
      return await processPartialResponse(event, recordHandler, processor, context ? { context } : {});
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

let fromEnv: ReturnType<typeof createIngestHandler> | undefined;
export const handler = (event: SQSEvent, context: Context) => (fromEnv ??= createIngestHandler(pipelineFromEnv()))(event, context);
