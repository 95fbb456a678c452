import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/commons/config.ts';
import { SOURCES_PREFIX } from '../../functions/commons/sources/keys.ts';
import { POLL_ENV } from '../../functions/commons/sources/settings.ts';
import { SOURCE_PARTITIONS, TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE, type IndexDefinition } from '../../functions/commons/store/keys.ts';
import { feedCacheControl, stageConfig } from '../../infra/config.ts';
import { CeasefireFeedStack } from '../../infra/stacks/ceasefire-feed-stack.ts';
import { EXTRA_ENV, SITE_CONTENT_SECURITY_POLICY, STACK_OUTPUTS, STAGES, resourcePrefix, stackName, type Stage } from '../../infra/names.ts';
import {
  FULL_OVERRIDES,
  allPolicyStatements,
  asArray,
  buildStage,
  onlyResource,
  resourcesOfType,
  testApp,
} from './helpers.ts';

const built = Object.fromEntries(STAGES.map((stage) => [stage, buildStage(stage)])) as Record<
  Stage,
  ReturnType<typeof buildStage>
>;

type FunctionName = 'ingest' | 'publish' | 'poll';
const FUNCTIONS = ['ingest', 'publish', 'poll'] as const;
const fn = (stage: Stage, name: FunctionName) =>
  onlyResource(built[stage].template, 'AWS::Lambda::Function', { FunctionName: `${resourcePrefix(stage)}-${name}` });
const queue = (stage: Stage, suffix: string) =>
  onlyResource(built[stage].template, 'AWS::SQS::Queue', { QueueName: `${resourcePrefix(stage)}-${suffix}` });
const bucketWithLogPrefix = (stage: Stage, prefix: string) =>
  Object.entries(resourcesOfType(built[stage].template, 'AWS::S3::Bucket')).find(
    ([, b]) => b.Properties?.LoggingConfiguration?.LogFilePrefix === prefix,
  )!;
const roleOf = (stage: Stage, name: FunctionName) => fn(stage, name).Properties.Role['Fn::GetAtt'][0] as string;
const statementsOfRole = (stage: Stage, name: FunctionName) => {
  const role = roleOf(stage, name);
  return Object.values(resourcesOfType(built[stage].template, 'AWS::IAM::Policy'))
    .filter((p) => p.Properties!.Roles.some((r: any) => r.Ref === role))
    .flatMap((p) => p.Properties!.PolicyDocument.Statement as Record<string, any>[]);
};
const actionsOfRole = (stage: Stage, name: FunctionName) =>
  new Set(statementsOfRole(stage, name).flatMap((s) => asArray<string>(s.Action)));
/** The deployment trigger that invokes `name`'s current version (a new one with every change of it). */
const triggerOf = (stage: Stage, name: FunctionName) => {
  const { template } = built[stage];
  const versions = resourcesOfType(template, 'AWS::Lambda::Version');
  const triggers = Object.values(resourcesOfType(template, 'Custom::Trigger')).filter(
    (t) => versions[t.Properties!.HandlerArn.Ref]?.Properties!.FunctionName.Ref === fn(stage, name).logicalId,
  );
  expect(triggers, name).toHaveLength(1);
  return triggers[0]!.Properties!;
};

describe.each(STAGES)('stage %s', (stage) => {
  const { template, stack } = built[stage];
  const config = stageConfig(stage);
  const prod = stage === 'prod';

  it('is its own stack, named after the stage', () => {
    expect(stack.stackName).toBe(`CeasefireFeed-${stage}`);
    expect(stack.stackName).toBe(stackName(stage));
    expect(stack.terminationProtection).toBe(prod);
  });

  describe('event table', () => {
    it('is on-demand, streams new images and has the keys and indexes of functions/commons/store/keys.ts', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: (Object.values(TABLE_INDEXES) as IndexDefinition[]).map((index) =>
          Match.objectLike({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: index.include ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] } : { ProjectionType: 'ALL' },
          }),
        ),
      });
    });

    it(`has ${prod ? '' : 'no '}point-in-time recovery and deletion protection, and is ${prod ? 'retained' : 'deleted'} with the stack`, () => {
      const table = onlyResource(template, 'AWS::DynamoDB::Table');
      expect(table.Properties.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled ?? false).toBe(prod);
      expect(table.Properties.DeletionProtectionEnabled ?? false).toBe(prod);
      expect(table.DeletionPolicy).toBe(prod ? 'Retain' : 'Delete');
      expect(table.UpdateReplacePolicy).toBe(prod ? 'Retain' : 'Delete');
    });
  });

  describe('inbox and ingest', () => {
    const [inboxId, inbox] = bucketWithLogPrefix(stage, 's3/inbox/');

    it('blocks public access, is encrypted, logs access and expires rejected/ reports', () => {
      expect(inbox.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: expect.any(String) } },
      });
      const rules = inbox.Properties!.LifecycleConfiguration.Rules as any[];
      expect(rules).toContainEqual(
        expect.objectContaining({ Prefix: 'rejected/', ExpirationInDays: config.rejectedReportExpiry.toDays(), Status: 'Enabled' }),
      );
    });

    it('refuses requests without TLS', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: inboxId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it(`${prod ? 'keeps versions' : 'is not versioned'} and ${prod ? 'is retained' : 'empties itself on delete'}`, () => {
      expect(inbox.Properties!.VersioningConfiguration?.Status).toBe(prod ? 'Enabled' : undefined);
      expect(inbox.DeletionPolicy).toBe(prod ? 'Retain' : 'Delete');
      expect(Object.keys(resourcesOfType(template, 'Custom::S3AutoDeleteObjects')).length).toBe(prod ? 0 : 3);
    });

    it('sends ObjectCreated under inbox/ (only) to the ingest queue', () => {
      template.hasResourceProperties('Custom::S3BucketNotifications', {
        BucketName: { Ref: inboxId },
        NotificationConfiguration: {
          QueueConfigurations: [
            {
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'inbox/' }] } },
              QueueArn: { 'Fn::GetAtt': [queue(stage, 'ingest').logicalId, 'Arn'] },
            },
          ],
        },
      });
    });

    it('uses SSE-SQS (not the aws/sqs KMS key) and a dead-letter queue after at least 5 receives', () => {
      const ingestQueue = queue(stage, 'ingest');
      const dlq = queue(stage, 'ingest-dlq');
      for (const q of [ingestQueue, dlq]) {
        expect(q.Properties.SqsManagedSseEnabled).toBe(true);
        expect(q.Properties.KmsMasterKeyId).toBeUndefined();
      }
      expect(ingestQueue.Properties.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [dlq.logicalId, 'Arn'] });
      expect(ingestQueue.Properties.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(5);
    });

    it('gives the queue a visibility timeout of at least 6x the ingest timeout', () => {
      const timeout = fn(stage, 'ingest').Properties.Timeout as number;
      expect(queue(stage, 'ingest').Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
    });

    it('reads the queue with partial batch failures and a concurrency cap', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [queue(stage, 'ingest').logicalId, 'Arn'] },
        FunctionName: { Ref: fn(stage, 'ingest').logicalId },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: config.ingest.maxConcurrency },
        BatchSize: config.ingest.batchSize,
      });
    });

    it('may read inbox/, write rejected/ and use the table; nothing else', () => {
      const statements = statementsOfRole(stage, 'ingest');
      const s3 = statements.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('s3:')));
      expect(s3).toEqual([
        expect.objectContaining({
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [inboxId, 'Arn'] }, '/inbox/*']] },
        }),
        expect.objectContaining({
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [inboxId, 'Arn'] }, '/rejected/*']] },
        }),
      ]);
      const services = new Set([...actionsOfRole(stage, 'ingest')].map((a) => a.split(':')[0]));
      expect([...services].sort()).toEqual(['dynamodb', 'logs', 's3', 'sqs', ...(config.tracing ? ['xray'] : [])]);
      expect(actionsOfRole(stage, 'ingest').has('dynamodb:Scan')).toBe(false);
    });
  });

  describe('publish', () => {
    const publish = () => fn(stage, 'publish');

    it('runs one at a time, driven by the table stream with batching, bisect, retries and a failure queue', () => {
      expect(publish().Properties.ReservedConcurrentExecutions).toBe(1);
      const table = onlyResource(template, 'AWS::DynamoDB::Table');
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [table.logicalId, 'StreamArn'] },
        FunctionName: { Ref: publish().logicalId },
        BatchSize: config.publish.batchSize,
        MaximumBatchingWindowInSeconds: config.publish.maxBatchingWindow.toSeconds(),
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: config.publish.retryAttempts,
        ParallelizationFactor: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [queue(stage, 'publish-failures').logicalId, 'Arn'] } },
        },
      });
      expect(queue(stage, 'publish-failures').Properties.SqsManagedSseEnabled).toBe(true);
    });

    it('reads the table and writes (and deletes in) the feed bucket, and cannot write the table or touch the inbox', () => {
      const actions = actionsOfRole(stage, 'publish');
      for (const write of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
        expect(actions.has(write)).toBe(false);
      }
      expect(actions.has('dynamodb:Query')).toBe(true);
      expect(actions.has('s3:PutObject')).toBe(true);
      expect(actions.has('s3:DeleteObject')).toBe(true);
      const [inboxId] = bucketWithLogPrefix(stage, 's3/inbox/');
      const [feedId] = bucketWithLogPrefix(stage, 's3/feed/');
      const s3Resources = JSON.stringify(
        statementsOfRole(stage, 'publish').filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('s3:'))),
      );
      expect(s3Resources).toContain(feedId);
      expect(s3Resources).not.toContain(inboxId);
    });

    it('is invoked once by every deployment that changes it (asynchronously), so a new stage has its feeds at once', () => {
      expect(triggerOf(stage, 'publish')).toMatchObject({ InvocationType: 'Event', ExecuteOnHandlerChange: true });
    });

    it('tells the function which Cache-Control to put on the feed objects', () => {
      expect(publish().Properties.Environment.Variables[EXTRA_ENV.feedCacheControl]).toBe(feedCacheControl(config.feed));
      expect(feedCacheControl(config.feed)).toMatch(/^public, max-age=\d+/);
    });

    it("tells the function the feeds' minimum confidence, and no other function", () => {
      expect(config.feed.minConfidence).toBe(0.55);
      expect(publish().Properties.Environment.Variables[EXTRA_ENV.feedMinConfidence]).toBe('0.55');
      for (const name of ['ingest', 'poll'] as const) expect(fn(stage, name).Properties.Environment.Variables[EXTRA_ENV.feedMinConfidence], name).toBeUndefined();
    });
  });

  describe('functions', () => {
    it.each(FUNCTIONS)('%s: Node.js 22 on ARM64, esbuild bundle, Powertools and runtime env', (name) => {
      const f = fn(stage, name);
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: { Ref: expect.any(String) }, LogFormat: 'JSON', ApplicationLogLevel: config.logLevel },
      });
      const env = f.Properties.Environment.Variables;
      expect(env).toMatchObject({
        POWERTOOLS_SERVICE_NAME: `ceasefire-feed-${name}`,
        POWERTOOLS_METRICS_NAMESPACE: `CeasefireFeed/${stage}`,
        POWERTOOLS_LOG_LEVEL: config.logLevel,
        [ENV.stage]: stage,
      });
      for (const required of [ENV.tableName, ENV.inboxBucket, ENV.feedBucket, ENV.feedBaseUrl]) {
        expect(env[required], required).toBeDefined();
      }
      expect(JSON.stringify(env[ENV.feedBaseUrl])).toContain('https://');
    });

    it(`${config.tracing ? 'trace' : 'do not trace'} with X-Ray and the Powertools Tracer`, () => {
      for (const name of FUNCTIONS) {
        const f = fn(stage, name);
        expect(f.Properties.TracingConfig, name).toEqual(config.tracing ? { Mode: 'Active' } : undefined);
        expect(f.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED, name).toBe(String(config.tracing));
        const xray = [...actionsOfRole(stage, name)].filter((a) => a.startsWith('xray:'));
        expect(xray.sort(), name).toEqual(config.tracing ? ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'] : []);
      }
    });

    it(`keeps logs for ${stageConfig(stage).logRetention} days`, () => {
      const groups = Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup'));
      expect(groups).toHaveLength(FUNCTIONS.length);
      for (const group of groups) {
        expect(group.Properties!.RetentionInDays).toBe(config.logRetention);
        expect(group.DeletionPolicy).toBe(prod ? 'Retain' : 'Delete');
      }
    });

    it('give their roles no managed policies', () => {
      for (const name of FUNCTIONS) {
        const role = resourcesOfType(template, 'AWS::IAM::Role')[roleOf(stage, name)]!;
        expect(role.Properties!.ManagedPolicyArns).toBeUndefined();
      }
    });
  });

  describe('poll', () => {
    const poll = () => fn(stage, 'poll');

    it(`runs every ${config.poll.interval.toMinutes()} minutes on an EventBridge Scheduler schedule, one round at a time`, () => {
      const schedule = onlyResource(template, 'AWS::Scheduler::Schedule');
      expect(schedule.Properties).toMatchObject({
        Name: `${resourcePrefix(stage)}-poll`,
        ScheduleExpression: `rate(${config.poll.interval.toMinutes()} minutes)`,
        State: 'ENABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [poll().logicalId, 'Arn'] },
          Input: JSON.stringify({ action: 'poll' }),
          RetryPolicy: { MaximumRetryAttempts: 0 },
        },
      });
      const role = resourcesOfType(template, 'AWS::IAM::Role')[schedule.Properties.Target.RoleArn['Fn::GetAtt'][0]]!;
      expect(role.Properties!.AssumeRolePolicyDocument.Statement).toEqual([
        expect.objectContaining({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: expect.objectContaining({ 'aws:SourceAccount': expect.anything() }) } }),
      ]);
      expect(poll().Properties.ReservedConcurrentExecutions).toBe(1);
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: poll().logicalId },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: config.poll.interval.toSeconds(),
      });
    });

    it('gets the stage’s polling settings, and is invoked by each deployment that changes it (to add default sources)', () => {
      expect(poll().Properties.Environment.Variables).toMatchObject({
        [POLL_ENV.maxItemsPerSource]: String(config.poll.maxItemsPerSource),
        [POLL_ENV.hostDelayMs]: String(config.poll.hostDelay.toMilliseconds()),
        [POLL_ENV.requestTimeoutMs]: String(config.poll.requestTimeout.toMilliseconds()),
        [POLL_ENV.seenDays]: String(config.poll.seenFor.toDays()),
      });
      expect(poll().Properties.Environment.Variables[POLL_ENV.allowPrivateSources]).toBeUndefined();
      expect(triggerOf(stage, 'poll')).toMatchObject({ InvocationType: 'Event', ExecuteOnHandlerChange: true });
    });

    it('may put objects under inbox/sources/ and use its own items of the table; nothing else', () => {
      const [inboxId] = bucketWithLogPrefix(stage, 's3/inbox/');
      const statements = statementsOfRole(stage, 'poll');
      const s3 = statements.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('s3:')));
      expect(s3).toEqual([
        expect.objectContaining({ Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [inboxId, 'Arn'] }, `/${SOURCES_PREFIX}*`]] } }),
      ]);
      const table = onlyResource(template, 'AWS::DynamoDB::Table');
      const dynamo = statements.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo).toEqual([
        expect.objectContaining({
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
          Resource: { 'Fn::GetAtt': [table.logicalId, 'Arn'] },
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [SOURCE_PARTITIONS.sources, `${SOURCE_PARTITIONS.seenPrefix}*`] } },
        }),
      ]);
      const services = new Set([...actionsOfRole(stage, 'poll')].map((a) => a.split(':')[0]));
      expect([...services].sort()).toEqual(['dynamodb', 'logs', 's3', ...(config.tracing ? ['xray'] : [])]);
    });

    it('lets the table forget seen items (TTL)', () => {
      expect(onlyResource(template, 'AWS::DynamoDB::Table').Properties.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    });
  });

  describe('feed delivery', () => {
    const distribution = () => onlyResource(template, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;

    it('serves a private bucket through Origin Access Control', () => {
      const [feedId, feed] = bucketWithLogPrefix(stage, 's3/feed/');
      expect(feed.Properties!.PublicAccessBlockConfiguration.BlockPublicPolicy).toBe(true);
      const oac = onlyResource(template, 'AWS::CloudFront::OriginAccessControl');
      expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      });
      expect(distribution().Origins).toEqual([
        expect.objectContaining({
          DomainName: { 'Fn::GetAtt': [feedId, 'RegionalDomainName'] },
          OriginAccessControlId: { 'Fn::GetAtt': [oac.logicalId, 'Id'] },
          S3OriginConfig: { OriginAccessIdentity: '' },
        }),
      ]);
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: feedId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Action: 's3:GetObject',
              Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
            }),
          ]),
        },
      });
    });

    it('is HTTPS only, caches by the objects’ headers, sends security headers and logs access', () => {
      const config_ = distribution();
      expect(config_.DefaultCacheBehavior).toMatchObject({
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        Compress: true,
        CachePolicyId: { Ref: expect.any(String) },
        ResponseHeadersPolicyId: { Ref: expect.any(String) },
      });
      expect(config_.DefaultRootObject).toBe('index.html');
      expect(config_.Logging).toMatchObject({ Bucket: expect.anything(), Prefix: 'cloudfront/' });
      template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
        CachePolicyConfig: Match.objectLike({ DefaultTTL: config.feed.cacheTtl.toSeconds(), MinTTL: 0 }),
      });
      template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: Match.objectLike({
            StrictTransportSecurity: Match.objectLike({ Override: true }),
            ContentTypeOptions: { Override: true },
            // The same policy the local feed server sends (and the browser tests run under).
            ContentSecurityPolicy: { ContentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY, Override: true },
          }),
        }),
      });
    });
  });

  it(`${prod || stage === 'staging' ? 'alarms' : 'has no alarms'} on dead-letter queues, errors and throttles`, () => {
    const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm'));
    if (!stageConfig(stage).alarms.enabled) {
      expect(alarms).toHaveLength(0);
      return;
    }
    const byName = (suffix: string) => alarms.find((a) => a.Properties!.AlarmName === `${resourcePrefix(stage)}-${suffix}`);
    for (const dlq of ['ingest-dlq', 'publish-failures']) {
      const alarm = byName(`${dlq === 'ingest-dlq' ? 'ingest' : 'publish'}-dlq-depth`);
      expect(alarm?.Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue(stage, dlq).logicalId, 'QueueName'] } }],
        Threshold: 1,
      });
    }
    for (const name of ['ingest', 'publish'] as const) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(byName(`${name}-${metric.toLowerCase()}`)?.Properties).toMatchObject({
          MetricName: metric,
          Namespace: 'AWS/Lambda',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn(stage, name).logicalId } }],
        });
      }
    }
    expect(byName('publish-iterator-age')).toBeDefined();
    expect(byName('ingest-backlog-age')).toBeDefined();
    expect(byName('poll-errors')?.Properties).toMatchObject({
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn(stage, 'poll').logicalId } }],
      Period: config.poll.interval.toSeconds(),
    });
    expect(byName('sources-failing')?.Properties).toMatchObject({
      MetricName: 'SourcesFailingForADay',
      Namespace: `CeasefireFeed/${stage}`,
      Dimensions: [{ Name: 'service', Value: 'ceasefire-feed-poll' }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('grants no "*" or "service:*" action in any Allow statement', () => {
    for (const { owner, statement } of allPolicyStatements(template)) {
      const actions = asArray<string>(statement.Action);
      const wildcard = actions.filter((a) => a === '*' || /^[\w-]+:\*$/.test(a));
      if (statement.Effect === 'Deny') {
        // The only broad denies are the TLS guards (enforceSSL, minimumTLSVersion), which restrict rather than grant.
        if (wildcard.length) {
          expect([{ Bool: { 'aws:SecureTransport': 'false' } }, { NumericLessThan: { 's3:TlsVersion': 1.2 } }], owner).toContainEqual(
            statement.Condition,
          );
        }
      } else {
        expect(wildcard, `${owner}: ${JSON.stringify(statement)}`).toEqual([]);
        expect(statement.NotAction, owner).toBeUndefined();
      }
    }
  });

  it('exports the outputs the README and the CLI rely on', () => {
    const bedrockOnly: string[] = [STACK_OUTPUTS.bedrockModelId, STACK_OUTPUTS.modelCallsPerDay];
    for (const key of Object.values(STACK_OUTPUTS)) {
      if (bedrockOnly.includes(key)) expect(template.findOutputs(key)).toEqual({});
      else template.hasOutput(key, {});
    }
    template.hasOutput(STACK_OUTPUTS.extractor, { Value: 'rules' });
    template.hasOutput(STACK_OUTPUTS.feedUrl, {
      Value: { 'Fn::Join': ['', ['https://', Match.anyValue(), '/feed.xml']] },
    });
  });
});

describe('differences between stages', () => {
  it('only prod keeps data when the stack goes and protects it', () => {
    const table = (stage: Stage) => onlyResource(built[stage].template, 'AWS::DynamoDB::Table');
    expect(STAGES.map((s) => table(s).DeletionPolicy)).toEqual(['Delete', 'Delete', 'Retain']);
    expect(STAGES.map((s) => table(s).Properties.DeletionProtectionEnabled ?? false)).toEqual([false, false, true]);
    expect(STAGES.map((s) => stageConfig(s).autoDeleteObjects)).toEqual([true, true, false]);
  });

  it('keeps logs longer and alarms outside dev', () => {
    const retention = STAGES.map((s) => stageConfig(s).logRetention as number);
    expect(retention[0]).toBeLessThan(retention[1]!);
    expect(retention[1]).toBeLessThan(retention[2]!);
    expect(STAGES.map((s) => Object.keys(resourcesOfType(built[s].template, 'AWS::CloudWatch::Alarm')).length > 0)).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('lets two stages live side by side in one account', () => {
    const app = testApp();
    const stacks = (['dev', 'prod'] as const).map(
      (stage) => new CeasefireFeedStack(app, stackName(stage), { config: stageConfig(stage) }),
    );
    const [dev, prod] = stacks.map((stack) => ({ stack, template: Template.fromStack(stack) })) as [
      { stack: CeasefireFeedStack; template: Template },
      { stack: CeasefireFeedStack; template: Template },
    ];
    const names = (t: Template, type: string, key: string) =>
      Object.values(resourcesOfType(t, type)).map((r) => r.Properties![key]).filter((n) => typeof n === 'string');
    for (const [type, key] of [
      ['AWS::Lambda::Function', 'FunctionName'],
      ['AWS::SQS::Queue', 'QueueName'],
      ['AWS::CloudWatch::Alarm', 'AlarmName'],
    ] as const) {
      const devNames = names(dev.template, type, key);
      for (const name of names(prod.template, type, key)) expect(devNames).not.toContain(name);
    }
    expect(dev.stack.stackName).not.toBe(prod.stack.stackName);
  });
});

describe('a stage that declares default sources (infra/config.ts poll.defaultSources)', () => {
  it('hands them to the poller, which adds the missing ones at deploy', () => {
    const staging = stageConfig('staging');
    const defaultSources = [{ name: 'un-news', url: 'https://news.example.org/feed.xml', keywords: ['ceasefire', 'truce'] }];
    const stack = new CeasefireFeedStack(testApp(), 'WithDefaults', { config: { ...staging, poll: { ...staging.poll, defaultSources } } });
    const poll = onlyResource(Template.fromStack(stack), 'AWS::Lambda::Function', { FunctionName: 'ceasefire-feed-staging-poll' });
    expect(JSON.parse(poll.Properties.Environment.Variables[POLL_ENV.defaultSources])).toEqual(defaultSources);
    expect(fn('staging', 'poll').Properties.Environment.Variables[POLL_ENV.defaultSources]).toBeUndefined();
  });
});

describe('optional settings (cdk.json "ceasefire-feed" context)', () => {
  const { template } = buildStage('prod', FULL_OVERRIDES);

  it('serves the custom domain with its us-east-1 certificate over TLS 1.2, behind the web ACL', () => {
    const distribution = onlyResource(template, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    expect(distribution.Aliases).toEqual(['feeds.example.org']);
    expect(distribution.ViewerCertificate).toEqual({
      AcmCertificateArn: FULL_OVERRIDES.certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(distribution.WebACLId).toBe(FULL_OVERRIDES.webAclArn);
    const publish = onlyResource(template, 'AWS::Lambda::Function', { FunctionName: 'ceasefire-feed-prod-publish' });
    expect(publish.Properties.Environment.Variables).toMatchObject({
      [ENV.feedBaseUrl]: 'https://feeds.example.org',
      [ENV.websubHub]: FULL_OVERRIDES.websubHub,
    });
    template.hasOutput(STACK_OUTPUTS.feedUrl, { Value: 'https://feeds.example.org/feed.xml' });
  });

  it("passes the stage's own minimum confidence to the publish function, which a deployment then runs at once", () => {
    const publish = onlyResource(template, 'AWS::Lambda::Function', { FunctionName: 'ceasefire-feed-prod-publish' });
    expect(publish.Properties.Environment.Variables[EXTRA_ENV.feedMinConfidence]).toBe(String(FULL_OVERRIDES.feedMinConfidence));
    // A new setting is a new version of the function, which the deployment trigger invokes: the feeds follow at once.
    const version = (t: Template) => Object.keys(resourcesOfType(t, 'AWS::Lambda::Version')).sort();
    const { template: other } = buildStage('prod', { ...FULL_OVERRIDES, feedMinConfidence: 0.6 });
    expect(version(other)).not.toEqual(version(template));
  });

  it('lets only the configured writers (and the poller) put objects under inbox/', () => {
    const writers = FULL_OVERRIDES.inboxWriterArns!;
    const poll = onlyResource(template, 'AWS::Lambda::Function', { FunctionName: 'ceasefire-feed-prod-poll' });
    const pollRole = poll.Properties.Role['Fn::GetAtt'][0];
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AllowConfiguredInboxWriters', Effect: 'Allow', Action: 's3:PutObject', Principal: { AWS: writers[0] } }),
          Match.objectLike({
            Sid: 'DenyOtherInboxWriters',
            Effect: 'Deny',
            Action: 's3:PutObject',
            Principal: { AWS: '*' },
            // The poller writes inbox/sources/ with its own role.
            Condition: { ArnNotLike: { 'aws:PrincipalArn': [...writers, { 'Fn::GetAtt': [pollRole, 'Arn'] }] } },
          }),
        ]),
      },
    });
  });

  it('e-mails alarm and recovery notifications through an SNS topic that requires TLS', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
    const topic = onlyResource(template, 'AWS::SNS::Topic');
    for (const alarm of Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties!.AlarmActions).toEqual([{ Ref: topic.logicalId }]);
      expect(alarm.Properties!.OKActions).toEqual([{ Ref: topic.logicalId }]);
    }
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('can notify an existing topic instead', () => {
    const topicArn = 'arn:aws:sns:eu-west-1:123456789012:ops';
    const { template: staging } = buildStage('staging', { alarmTopicArn: topicArn });
    expect(Object.keys(resourcesOfType(staging, 'AWS::SNS::Topic'))).toHaveLength(0);
    for (const alarm of Object.values(resourcesOfType(staging, 'AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties!.AlarmActions).toEqual([topicArn]);
    }
  });
});
