/**
 * SQS batch of S3 notifications -> ingestObject per created object. Each record is validated with
 * InboxMessageSchema; a record that fails (validation or a transport error) is reported as a
 * batch item failure, retried by SQS and finally moved to the dead-letter queue. s3:TestEvent is ignored.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { traceClients, traced, traceInvocation } from '#commons/aws/tracing.ts';
import type { ExtractionTally } from '#commons/extraction/extractor.ts';
import { ingestObject } from '#commons/pipeline/ingest-object.ts';
import { stageExtractor } from '#commons/pipeline/stage-extractor.ts';
import { pipelineFromEnv, type Pipeline } from '#commons/pipeline/runtime.ts';
import { InboxMessageSchema, objectsCreated } from '#commons/pipeline/s3-events.ts';
import { sourceOfKey } from '#commons/sources/keys.ts';

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

export function createIngestHandler(pipeline: Pipeline, logger = new Logger(), metrics = new Metrics(), tracer = new Tracer()) {
  traceClients(tracer, pipeline);
  const processor = new BatchProcessor(EventType.SQS);
  const deps = { ...pipeline, extractor: stageExtractor(pipeline) };
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    for (const ref of objectsCreated(InboxMessageSchema.parse(record).body)) {
      const outcome = await traced(tracer, 'ingestObject', { objectKey: ref.key, source: sourceOfKey(ref.key) }, async (annotate) => {
        const outcome = await ingestObject(deps, ref);
        if (outcome.state === 'processed') annotate({ articleId: outcome.articleIds.join(' ') });
        return outcome;
      });
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
  return traceInvocation(tracer, async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    if (context) logger.addContext(context);
    try {
      return await processPartialResponse(event, recordHandler, processor, context ? { context } : {});
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  });
}

let fromEnv: ReturnType<typeof createIngestHandler> | undefined;
export const handler = (event: SQSEvent, context: Context) => (fromEnv ??= createIngestHandler(pipelineFromEnv()))(event, context);
