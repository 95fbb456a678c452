/**
 * The ingest handler of a stage that extracts with Bedrock (environment as the stack sets it), with the
 * SDK's client mock for the model and the real table on dynalite: events record the model, a
 * redelivery pays nothing, the daily cap hands articles to the rules, and the metrics say so.
 */
import { readFileSync } from 'node:fs';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/handler.ts';
import { ENV } from '#commons/config.ts';
import { closePipeline, pipelineFromEnv, type Pipeline } from '#commons/pipeline/runtime.ts';
import { stageExtractor } from '#commons/pipeline/stage-extractor.ts';
import { collect } from '#commons/store/store.ts';
import { DynamoDbModelLedger, usageDay } from '#commons/store/model-ledger.ts';
import { sqsBatch, startTestPipeline, type TestPipeline } from './helpers.ts';

const MODEL = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/bedrock/${name}`, import.meta.url), 'utf8'));
const story = fixture('article.json') as { title: string; body: string; published: string };
const OTHER = `Sudan's army and RSF agree week-long truce in Khartoum

Sudan's army and the Rapid Support Forces agreed on Saturday to a week-long ceasefire in Khartoum, Saudi and US mediators said in Jeddah.
The truce takes effect on Monday evening, the mediators said.`;

const bedrock = mockClient(BedrockRuntimeClient);
let t: TestPipeline;
let pipeline: Pipeline;

beforeAll(async () => {
  t = await startTestPipeline();
  pipeline = pipelineFromEnv({ ...t.env, [ENV.extractor]: 'bedrock', [ENV.bedrockModelId]: MODEL, [ENV.modelCallsPerDay]: '1' });
  bedrock.on(ConverseCommand).resolves(fixture('answered.json'));
});
afterAll(async () => {
  bedrock.restore();
  closePipeline(pipeline);
  await t?.stop();
});

function handlerWithMetrics() {
  const metrics = new Metrics({ namespace: 'test' });
  const added = vi.spyOn(metrics, 'addMetric');
  const handler = createIngestHandler(pipeline, new Logger({ logLevel: 'SILENT' }), metrics);
  const metric = (name: string) => added.mock.calls.filter(([n]) => n === name).reduce((sum, [, , value]) => sum + Number(value), 0);
  return { handler, metric };
}

describe('ingest on a Bedrock stage', () => {
  it('stores the model’s verified events, and counts calls, tokens and cost', async () => {
    const key = 'inbox/karabakh.txt';
    const { size } = await t.put(key, `${story.title}\n\n${story.body}\n`, { published: story.published });
    const { handler, metric } = handlerWithMetrics();
    expect((await handler(sqsBatch(pipeline.config.inboxBucket, [{ key, size }]))).batchItemFailures).toEqual([]);
    const events = await collect(pipeline.store.allFeedEvents());
    expect(events.map((e) => [e.type, e.theatre.country, e.extractor?.backend, e.extractor?.model])).toEqual([['agreement', 'AZ', 'bedrock', MODEL]]);
    expect(metric('ModelCalls')).toBe(1);
    expect(metric('ModelInputTokens')).toBe(2412);
    expect(metric('ModelOutputTokens')).toBe(388);
    expect(metric('ModelCostEstimateUsd')).toBeCloseTo(0.004352, 6);
    expect(metric('ExtractionFallbacks')).toBe(0);

    // A redelivered message: the cached answer, no call, nothing new in the store.
    const again = handlerWithMetrics();
    await again.handler(sqsBatch(pipeline.config.inboxBucket, [{ key, size }]));
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
    expect(again.metric('ModelCalls')).toBe(0);
    expect(again.metric('ModelResultsCached')).toBe(1);
    expect(await collect(pipeline.store.allFeedEvents())).toEqual(events);
  });

  it('hands articles past the daily cap to the rules, marked so', async () => {
    const key = 'inbox/khartoum.txt';
    const { size } = await t.put(key, OTHER, { published: '2023-05-20' });
    const { handler, metric } = handlerWithMetrics();
    await handler(sqsBatch(pipeline.config.inboxBucket, [{ key, size }]));
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
    expect(metric('ExtractionFallbacks')).toBe(1);
    const sudan = (await collect(pipeline.store.allFeedEvents())).filter((e) => e.theatre.country === 'SD');
    expect(sudan.length).toBeGreaterThan(0);
    for (const e of sudan) expect(e.extractor).toEqual({ backend: 'rules', fallback: 'daily-cap' });
    const ledger = new DynamoDbModelLedger({ client: pipeline.dynamo, tableName: pipeline.config.tableName });
    expect(await ledger.usageOn(usageDay(new Date()))).toMatchObject({ modelCalls: 1, fallbacks: 1, cachedResults: 1 });
  });

  it('leaves a stage without the setting, and the local stack, on the rules', () => {
    expect(stageExtractor(t.pipeline).backend).toBe('rules');
    expect(t.pipeline.config.extraction).toEqual({ backend: 'rules' });
  });
});

describe('the stage settings in the environment', () => {
  const base = { TABLE_NAME: 't', INBOX_BUCKET: 'i', FEED_BUCKET: 'f', FEED_BASE_URL: 'https://x.example' };
  it('reads the model, the cap and the request timeout, and refuses what is not a setting', async () => {
    const { configFromEnv } = await import('#commons/config.ts');
    expect(configFromEnv({ ...base, EXTRACTOR: 'bedrock', BEDROCK_MODEL_ID: MODEL, MODEL_CALLS_PER_DAY: '500', MODEL_REQUEST_TIMEOUT_MS: '45000' }).extraction).toEqual({
      backend: 'bedrock',
      modelId: MODEL,
      dailyModelCalls: 500,
      requestTimeoutMs: 45_000,
    });
    expect(() => configFromEnv({ ...base, EXTRACTOR: 'gpt' })).toThrow(/rules or bedrock/);
    expect(() => configFromEnv({ ...base, EXTRACTOR: 'bedrock' })).toThrow(/BEDROCK_MODEL_ID/);
    expect(() => configFromEnv({ ...base, EXTRACTOR: 'bedrock', BEDROCK_MODEL_ID: MODEL, MODEL_CALLS_PER_DAY: '-3' })).toThrow(/positive whole number/);
  });
});
