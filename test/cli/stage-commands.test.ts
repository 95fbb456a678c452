/**
 * `reextract --stage` and `sources --stage` as an operator runs them against a deployed stage: the stack's
 * outputs come from CloudFormation (mocked), the SDK's own AWS_ENDPOINT_URL_DYNAMODB points the stage's
 * table at dynalite, and the stage's poll function is a mocked Lambda.
 */
import { readFileSync } from 'node:fs';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collect } from '#commons/store/store.ts';
import { dumpTable, freshStore, startDynalite, type LocalDynamo } from '../helpers/dynalite.ts';
import { articleOf } from '../helpers/articles.ts';
import { makeArticle, makeEvent } from '../helpers/events.ts';
import { cli } from './helpers.ts';

let local: LocalDynamo;
const cloudFormation = mockClient(CloudFormationClient);
const lambda = mockClient(LambdaClient);
beforeAll(async () => {
  local = await startDynalite();
  const aws = { AWS_ENDPOINT_URL_DYNAMODB: local.endpoint, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PROFILE: '' };
  for (const [name, value] of Object.entries(aws)) vi.stubEnv(name, value);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  cloudFormation.restore();
  lambda.restore();
  await local?.stop();
});

/** The stack of `stage` as DescribeStacks returns it: its table, buckets and any other outputs. */
function deployed(stage: string, tableName: string, outputs: Record<string, string> = {}) {
  const all = { TableName: tableName, InboxBucketName: 'inbox', FeedBucketName: 'feed', ...outputs };
  cloudFormation.on(DescribeStacksCommand, { StackName: `CeasefireFeed-${stage}` }).resolves({
    Stacks: [
      {
        StackName: `CeasefireFeed-${stage}`,
        CreationTime: new Date(0),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: Object.entries(all).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
}

describe('reextract --stage', () => {
  it('works on the stage table named by the stack outputs and leaves the rebuild to the publish function', async () => {
    const { store, tableName } = await freshStore(local);
    deployed('staging', tableName);
    const trap = makeArticle({ seed: 'fare-war', title: 'Airlines end their fare war truce', body: 'Fares rose again on Monday.' });
    const ghost = makeEvent({ seed: 'fare-war', article: trap });
    await store.recordArticle(trap, [ghost]);

    const run = await cli('reextract', '--stage', 'staging');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Re-extracted 1 stored article (stage staging)');
    expect(run.out).toContain(`Removed:\n  ${ghost.id}`);
    expect(run.out).toContain('The publish function rebuilds the feeds from these changes in a moment.');
    expect(await dumpTable(local, tableName)).toEqual([expect.objectContaining({ kind: 'article', eventIds: [] })]);

    const again = await cli('reextract', '--stage', 'staging');
    expect(again.out).toContain('The feeds need no rebuild.');
  });
});

describe('a stage that extracts with Bedrock', () => {
  const MODEL = 'eu.anthropic.claude-haiku-4-5-20251001-v1:0';
  const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/bedrock/${name}`, import.meta.url), 'utf8'));
  const bedrock = mockClient(BedrockRuntimeClient);
  const s3 = mockClient(S3Client);
  afterAll(() => {
    bedrock.restore();
    s3.restore();
  });

  it('reextract --stage reads the stored articles with its model, cache and cap; status shows the day', async () => {
    const { store, tableName } = await freshStore(local);
    deployed('prod', tableName, { Extractor: 'bedrock', BedrockModelId: MODEL, ModelCallsPerDay: '100' });
    bedrock.on(ConverseCommand).resolves(fixture('answered.json'));
    const story = fixture('article.json');
    await store.recordArticle(articleOf(story.title, story.body, story.published), []);

    const run = await cli('reextract', '--stage', 'prod');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/created {4}1/);
    expect(run.err).toContain(`bedrock ${MODEL}: 1 article(s), 1 model call(s)`);
    expect(bedrock.commandCalls(ConverseCommand).map((c) => c.args[0].input.modelId)).toEqual([MODEL]);
    const [event] = await collect(store.allFeedEvents());
    expect(event!.extractor).toMatchObject({ backend: 'bedrock', model: MODEL });

    // The answer is cached: a second run pays nothing and changes nothing.
    const again = await cli('reextract', '--stage', 'prod');
    expect(again.out).toMatch(/unchanged {2}1/);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);

    s3.on(ListObjectsV2Command).resolves({ Contents: [] });
    const status = await cli('status', '--stage', 'prod');
    expect(status.out).toContain(`model        ${MODEL}, today (`);
    expect(status.out).toContain('UTC): 1 of 100 calls, 1 answers from the cache,');
  });
});

describe('sources --stage', () => {
  it('adds and lists sources in the stage table, and polls through the stage\'s poll function', async () => {
    const { tableName } = await freshStore(local);
    deployed('prod', tableName, { PollFunctionName: 'ceasefire-feed-prod-poll' });
    const added = await cli('sources', 'add', 'https://news.example.org/world.rss', '--stage', 'prod');
    expect(added.err).toBe('');
    expect(added.out).toContain('Following news-example-org-world: https://news.example.org/world.rss (stage prod).');
    expect(added.out).toContain('npx ceasefire-feed sources poll --stage prod');
    expect((await cli('sources', 'list', '--stage', 'prod')).out).toContain('news-example-org-world  https://news.example.org/world.rss');
    expect(await dumpTable(local, tableName)).toEqual([expect.objectContaining({ pk: 'SOURCES', sk: 'news-example-org-world', kind: 'source' })]);

    const round = {
      startedAt: '2026-05-01T10:00:00.000Z',
      finishedAt: '2026-05-01T10:00:02.500Z',
      sources: [{ source: 'news-example-org-world', url: 'https://news.example.org/world.rss', state: 'polled', notModified: false, dropped: [{ key: 'inbox/sources/news-example-org-world/abc.html', title: 'Truce agreed', from: 'page' }], filtered: 0, left: 0 }],
      dropped: 1,
      failed: 0,
      failingForADay: [],
      errors: [],
    };
    lambda.on(InvokeCommand, { FunctionName: 'ceasefire-feed-prod-poll', Payload: JSON.stringify({ action: 'poll' }) }).resolves({
      StatusCode: 200,
      Payload: new TextEncoder().encode(JSON.stringify(round)) as never,
    });
    const poll = await cli('sources', 'poll', '--stage', 'prod');
    expect(poll.err).toBe('');
    expect(poll.out).toContain('Polled 1 source (stage prod) in 2.5 s: 1 new item.');
    expect(poll.out).toContain('+ Truce agreed');
    expect(poll.out).toContain('Ingest takes the new items from the inbox');

    lambda.on(InvokeCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    const busy = await cli('sources', 'poll', '--stage', 'prod');
    expect(busy.code).toBe(1);
    expect(busy.err).toContain('A polling round is running on stage prod (one runs at a time); try again in a few minutes.');

    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: new TextEncoder().encode(JSON.stringify({ errorMessage: 'The round could not store what it found: x: AccessDenied' })) as never });
    expect((await cli('sources', 'poll', '--stage', 'prod')).err).toContain('The poll function failed: The round could not store what it found: x: AccessDenied');
  });
});
