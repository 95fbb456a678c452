/**
 * `reextract --stage` and `sources --stage` as an operator runs them against a deployed stage: the stack's
 * outputs come from CloudFormation (mocked), the SDK's own AWS_ENDPOINT_URL_DYNAMODB points the stage's
 * table at dynalite, and the stage's poll function is a mocked Lambda.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dumpTable, freshStore, startDynalite, type LocalDynamo } from '../helpers/dynalite.ts';
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
/** CloudFormation says the stage's stack is deployed with these outputs. */
function deployed(stage: string, outputs: Record<string, string>): void {
  const name = `CeasefireFeed-${stage}`;
  cloudFormation.on(DescribeStacksCommand, { StackName: name }).resolves({
    Stacks: [
      {
        StackName: name,
        CreationTime: new Date(0),
        StackStatus: 'UPDATE_COMPLETE',
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
}

afterAll(async () => {
  vi.unstubAllEnvs();
  cloudFormation.restore();
  lambda.restore();
  await local?.stop();
});

describe('reextract --stage', () => {
  it('works on the stage table named by the stack outputs and leaves the rebuild to the publish function', async () => {
    const { store, tableName } = await freshStore(local);
    deployed('staging', { TableName: tableName, InboxBucketName: 'inbox', FeedBucketName: 'feed' });
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

describe('sources --stage', () => {
  it('adds and lists sources in the stage table, and polls through the stage\'s poll function', async () => {
    const { tableName } = await freshStore(local);
    deployed('prod', { TableName: tableName, InboxBucketName: 'inbox', FeedBucketName: 'feed', PollFunctionName: 'ceasefire-feed-prod-poll' });
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
