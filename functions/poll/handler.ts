/**
 * One polling round per invocation (pollSources): every followed source is read and its new items go
 * into the inbox, where the ingest function takes them. EventBridge Scheduler invokes it every
 * `poll.interval` with `{ "action": "poll" }`, and so does `ceasefire-feed sources poll --stage S`
 * (synchronously, to print the round). Each deployment that changes the function invokes it once
 * without a payload (infra SourcePoller's trigger): the stage's default sources are added when
 * missing, then a round runs, so a new stage follows its sources at once.
 *
 * A failing source is recorded on it and counted, never thrown. A round that could not store what it
 * found (S3 or DynamoDB failing) throws after finishing the other sources, so the errors alarm fires.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { traceClients, traceInvocation, traceWith } from '#commons/aws/tracing.ts';
import { pipelineFromEnv, type Pipeline } from '#commons/pipeline/runtime.ts';
import type { SourceDefinition } from '#commons/sources/definition.ts';
import { createFetcher } from '#commons/sources/fetch.ts';
import { pollSources, type PollRound } from '#commons/sources/poll.ts';
import { SourceRegistry } from '#commons/sources/registry.ts';
import { defaultSourcesFromEnv, fetchOptions, pollSettingsFromEnv, type PollSettings } from '#commons/sources/settings.ts';

/** A scheduled or requested round, or the deployment trigger's invocation (no payload). */
export type PollInvocation = { action?: 'poll' } | null | undefined;

export interface PollHandlerOptions {
  settings: PollSettings;
  /** Added when missing on the deployment's invocation. */
  defaultSources: readonly SourceDefinition[];
}

export function createPollHandler(pipeline: Pipeline, options: PollHandlerOptions, logger = new Logger(), metrics = new Metrics(), tracer = new Tracer()) {
  traceClients(tracer, pipeline);
  const registry = new SourceRegistry(pipeline.dynamo, pipeline.config.tableName);
  const { settings } = options;
  return traceInvocation(tracer, async (event: PollInvocation, context?: Context): Promise<PollRound> => {
    if (context) logger.addContext(context);
    if (!event?.action && options.defaultSources.length) {
      const added = await registry.addMissing(options.defaultSources, new Date().toISOString());
      if (added.length) logger.info('default sources added', { added });
    }
    const fetcher = createFetcher(fetchOptions(settings));
    try {
      // Leave time for one more page fetch and its writes before Lambda's timeout.
      const deadline = context ? Date.now() + context.getRemainingTimeInMillis() - 2 * settings.requestTimeoutMs - 5000 : undefined;
      const round = await pollSources(
        { registry, s3: pipeline.s3, inboxBucket: pipeline.config.inboxBucket, fetcher, settings, trace: traceWith(tracer) },
        deadline === undefined ? {} : { deadline },
      );
      // A failing source is the publisher's problem, recorded on it and counted: information, not a warning.
      for (const outcome of round.sources) logger.info(`source ${outcome.state}`, { outcome });
      metrics.addMetric('SourcesPolled', MetricUnit.Count, round.sources.filter((o) => o.state === 'polled').length);
      metrics.addMetric('SourcesFailed', MetricUnit.Count, round.failed);
      metrics.addMetric('SourcesFailingForADay', MetricUnit.Count, round.failingForADay.length);
      metrics.addMetric('ItemsDropped', MetricUnit.Count, round.dropped);
      metrics.addMetric('PollRoundTime', MetricUnit.Milliseconds, Date.parse(round.finishedAt) - Date.parse(round.startedAt));
      if (round.errors.length) throw new Error(`The round could not store what it found: ${round.errors.join('; ')}`);
      return round;
    } finally {
      fetcher.close();
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  });
}

/** The handler as `env` configures it (poll settings, default sources), on `pipeline`: the Lambda's and the local stack's. */
export function pollHandlerFromEnv(pipeline: Pipeline, env: NodeJS.ProcessEnv = process.env, logger?: Logger, metrics?: Metrics) {
  const settings = pollSettingsFromEnv(env, pipeline.config.stage, pipeline.config.feedBaseUrl);
  return createPollHandler(pipeline, { settings, defaultSources: defaultSourcesFromEnv(env) }, logger, metrics);
}

let fromEnv: ReturnType<typeof createPollHandler> | undefined;
export const handler = (event: PollInvocation, context: Context) => (fromEnv ??= pollHandlerFromEnv(pipelineFromEnv()))(event, context);
