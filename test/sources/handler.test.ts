/**
 * The poll function's handler, as Lambda runs it: the deployment's invocation (no payload) adds the
 * stage's missing default sources and polls; a scheduled one only polls; metrics go out either way; a
 * round that cannot store what it found fails the invocation once every source had its turn.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPollHandler } from '../../functions/poll/handler.ts';
import { makeS3Client } from '#commons/aws/clients.ts';
import { SourceRegistry } from '#commons/sources/registry.ts';
import type { PollSettings } from '#commons/sources/settings.ts';
import { startTestPipeline, type TestPipeline } from '../pipeline/helpers.ts';
import { startPublisherServer, type PublisherServer } from './publisher-server.ts';

let test: TestPipeline;
let server: PublisherServer;
let registry: SourceRegistry;

const SETTINGS: PollSettings = {
  maxItemsPerSource: 25,
  hostDelayMs: 0,
  requestTimeoutMs: 2000,
  seenDays: 90,
  concurrency: 2,
  privateAddresses: ['127.0.0.1'],
  userAgent: 'ceasefire-feed/1 (test)',
};
const context = { getRemainingTimeInMillis: () => 300_000, functionName: 'ceasefire-feed-test-poll', awsRequestId: 'r-1' } as unknown as Context;

beforeAll(async () => {
  test = await startTestPipeline();
  server = await startPublisherServer();
  registry = new SourceRegistry(test.pipeline.dynamo, test.pipeline.config.tableName);
});
afterAll(async () => {
  await server?.stop();
  await test?.stop();
});

function handlerWith(defaultSources: { name: string; url: string }[]) {
  const metrics = new Metrics({ namespace: 'CeasefireFeed/test', serviceName: 'ceasefire-feed-poll' });
  const added: Record<string, number> = {};
  vi.spyOn(metrics, 'addMetric').mockImplementation((name, _unit, value) => {
    added[name] = value;
    return metrics;
  });
  const handler = createPollHandler(test.pipeline, { settings: SETTINGS, defaultSources }, new Logger({ logLevel: 'SILENT' }), metrics);
  return { handler, added };
}

describe('poll handler', () => {
  it('on a deployment adds the missing default sources, then polls them', async () => {
    const url = server.serveFixture('heraldsun.rss');
    const { handler, added } = handlerWith([{ name: 'herald', url }]);
    const round = await handler(undefined, context);
    expect(round.sources).toEqual([expect.objectContaining({ source: 'herald', state: 'polled', dropped: [expect.anything(), expect.anything()] })]);
    expect(added).toMatchObject({ SourcesPolled: 1, SourcesFailed: 0, SourcesFailingForADay: 0, ItemsDropped: 2 });
    expect((await registry.get('herald'))!.addedAt).toEqual(expect.any(String));
  });

  it('on a schedule polls without touching the list: a removed default source stays removed until the next deploy', async () => {
    await registry.remove('herald');
    const { handler } = handlerWith([{ name: 'herald', url: server.serveFixture('heraldsun.rss') }]);
    const round = await handler({ action: 'poll' }, context);
    expect(round.sources).toEqual([]);
    expect(await registry.get('herald')).toBeUndefined();
    await handler(null, context);
    expect(await registry.get('herald')).toBeDefined();
  });

  it('counts failing sources without failing, and fails the invocation when it cannot store what it found', async () => {
    await registry.add({ name: 'gone', url: `${server.base}/feeds/missing.xml` }, new Date().toISOString());
    const { handler, added } = handlerWith([]);
    const round = await handler({ action: 'poll' }, context);
    expect(round.failed).toBe(1);
    expect(added.SourcesFailed).toBe(1);

    const story = `<item><title>Truce talks resume</title><guid>talks-resume</guid><link>${server.base}/articles/talks</link></item>`;
    server.serveFixture('heraldsun.rss', (xml) => xml.replace('<item>', `${story}<item>`));
    // The same table, but no S3 to put the new item into (nothing listens on port 9; one attempt).
    const noS3 = makeS3Client({ s3Endpoint: 'http://127.0.0.1:9' }, { maxAttempts: 1 });
    const stranded = createPollHandler({ ...test.pipeline, s3: noS3 }, { settings: SETTINGS, defaultSources: [] }, new Logger({ logLevel: 'SILENT' }), new Metrics());
    await expect(stranded({ action: 'poll' }, context)).rejects.toThrow(/^The round could not store what it found: herald: /);
    noS3.destroy();
    // The failing source was still polled and recorded.
    expect((await registry.get('gone'))!.lastError).toMatchObject({ kind: 'http', message: 'HTTP 404 Not Found' });
  });
});
