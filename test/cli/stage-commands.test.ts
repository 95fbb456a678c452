/**
 * `reextract --stage` as an operator runs it against a deployed stage: the stack's outputs come from
 * CloudFormation (mocked), and the SDK's own AWS_ENDPOINT_URL_DYNAMODB points the stage's table at dynalite.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dumpTable, freshStore, startDynalite, type LocalDynamo } from '../helpers/dynalite.ts';
import { makeArticle, makeEvent } from '../helpers/events.ts';
import { cli } from './helpers.ts';

let local: LocalDynamo;
const cloudFormation = mockClient(CloudFormationClient);
beforeAll(async () => {
  local = await startDynalite();
  const aws = { AWS_ENDPOINT_URL_DYNAMODB: local.endpoint, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PROFILE: '' };
  for (const [name, value] of Object.entries(aws)) vi.stubEnv(name, value);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  cloudFormation.restore();
  await local?.stop();
});

describe('reextract --stage', () => {
  it('works on the stage table named by the stack outputs and leaves the rebuild to the publish function', async () => {
    const { store, tableName } = await freshStore(local);
    cloudFormation.on(DescribeStacksCommand, { StackName: 'CeasefireFeed-staging' }).resolves({
      Stacks: [
        {
          StackName: 'CeasefireFeed-staging',
          CreationTime: new Date(0),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'TableName', OutputValue: tableName },
            { OutputKey: 'InboxBucketName', OutputValue: 'inbox' },
            { OutputKey: 'FeedBucketName', OutputValue: 'feed' },
          ],
        },
      ],
    });
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
