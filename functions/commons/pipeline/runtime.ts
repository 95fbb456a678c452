/**
 * Wiring: the clients and store the pipeline functions use, built from the environment names in
 * functions/commons/config.ts. A Lambda builds it from `process.env`; the local runtime and the CLI
 * build it from the same names with local endpoints. Nothing here holds logic.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EXTRA_ENV } from '../../../infra/names.ts';
import { makeDynamoDocumentClient, makeS3Client } from '#commons/aws/clients.ts';
import { FEED_CACHE_CONTROL } from '#commons/feeds/polling.ts';
import { DEFAULT_MIN_CONFIDENCE, parseMinConfidence } from '#commons/feeds/threshold.ts';
import { configFromEnv, type RuntimeConfig } from '#commons/config.ts';
import { createEventStore } from '#commons/store/dynamodb-store.ts';
import type { EventStore } from '#commons/store/store.ts';

/** Cache-Control put on feed objects when the stack sets none: matches the feeds' <ttl>. */
export const DEFAULT_FEED_CACHE_CONTROL = FEED_CACHE_CONTROL;

export interface Pipeline {
  config: RuntimeConfig;
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
  store: EventStore;
  /** Cache-Control of every published feed object. */
  feedCacheControl: string;
  /** The feeds carry developments whose corroborated confidence reaches this (FEED_MIN_CONFIDENCE). */
  feedMinConfidence: number;
}

/** FEED_MIN_CONFIDENCE, the default when unset or empty; throws when it is not a number from 0 to 1. */
export function minConfidenceFromEnv(env: NodeJS.ProcessEnv): number {
  const minimum = env[EXTRA_ENV.feedMinConfidence];
  return minimum ? parseMinConfidence(minimum, EXTRA_ENV.feedMinConfidence) : DEFAULT_MIN_CONFIDENCE;
}

export function pipelineFromEnv(env: NodeJS.ProcessEnv = process.env): Pipeline {
  const config = configFromEnv(env);
  const feedMinConfidence = minConfidenceFromEnv(env);
  const dynamo = makeDynamoDocumentClient(config);
  return {
    config,
    s3: makeS3Client(config),
    dynamo,
    store: createEventStore(dynamo, config.tableName),
    feedCacheControl: env[EXTRA_ENV.feedCacheControl] || DEFAULT_FEED_CACHE_CONTROL,
    feedMinConfidence,
  };
}

/** Release the clients' sockets (local runtime, CLI and tests; a Lambda keeps them for the next call). */
export function closePipeline(pipeline: Pipeline): void {
  pipeline.s3.destroy();
  // The document client's destroy() is a no-op; it shares the base client's request handler.
  (pipeline.dynamo.config.requestHandler as { destroy?(): void }).destroy?.();
}

/** A pipeline for one piece of work (the CLI), closed afterwards. */
export async function withPipeline<T>(env: NodeJS.ProcessEnv, work: (pipeline: Pipeline) => Promise<T>): Promise<T> {
  const pipeline = pipelineFromEnv(env);
  try {
    return await work(pipeline);
  } finally {
    closePipeline(pipeline);
  }
}
