import { privateBucketProps } from './private-bucket.ts';
import { Duration, Lazy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/commons/config.ts';
import type { StageConfig } from '../config.ts';
import { INBOX_PREFIX, REJECTED_PREFIX, resourcePrefix } from '../names.ts';
import { acknowledgeNag, arnFinding } from '../nag.ts';
import type { EventTable } from './event-table.ts';
import { FeedFunction } from './feed-function.ts';
import { grantModelInvoke } from './model-access.ts';

export interface InboxIngestProps {
  config: StageConfig;
  accessLogs: s3.IBucket;
  table: EventTable;
  /** Shared runtime environment (functions/commons/config.ts names) minus the inbox bucket, which this construct adds. */
  environment: Record<string, string>;
}

/**
 * inbox bucket --ObjectCreated(inbox/)--> SQS queue (+ dead-letter queue) --> ingest function --> table,
 * with `rejected/<key>.json` reports written back to the inbox bucket.
 */
export class InboxIngest extends Construct {
  readonly bucket: s3.Bucket;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly ingest: FeedFunction;
  /** Roles of this stack that put objects under inbox/ (the poller): a list of inbox writers admits them too. */
  private readonly internalWriters: iam.IRole[] = [];

  constructor(scope: Construct, id: string, props: InboxIngestProps) {
    super(scope, id);
    const { config } = props;
    const prefix = resourcePrefix(config.stage);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(config),
      versioned: config.inboxVersioning,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 's3/inbox/',
      lifecycleRules: [
        {
          id: 'expire-rejected-reports',
          prefix: REJECTED_PREFIX,
          expiration: config.rejectedReportExpiry,
        },
        ...(config.inboxVersioning
          ? [
              {
                id: 'expire-noncurrent-versions',
                noncurrentVersionExpiration: config.noncurrentVersionExpiry,
                expiredObjectDeleteMarker: true,
              },
            ]
          : []),
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    this.restrictWriters(config.inboxWriterArns);

    const ingestConfig = config.ingest;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: `${prefix}-ingest-dlq`,
      // SSE-SQS: S3 cannot deliver to a queue encrypted with the aws/sqs KMS key.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: `${prefix}-ingest`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for SQS event sources: at least six times the function timeout, so a retried batch is not
      // delivered again while the first attempt may still be running.
      visibilityTimeout: Duration.seconds(ingestConfig.timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: ingestConfig.maxReceiveCount },
    });
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new SqsDestination(this.queue), {
      prefix: INBOX_PREFIX,
    });

    this.ingest = new FeedFunction(this, 'Ingest', {
      config,
      name: 'ingest',
      description: `Ingests articles dropped under ${INBOX_PREFIX} into the event table (${config.stage})`,
      memorySize: ingestConfig.memorySize,
      timeout: ingestConfig.timeout,
      environment: { ...props.environment, [ENV.inboxBucket]: this.bucket.bucketName, ...extractionEnvironment(config) },
    });
    this.ingest.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: ingestConfig.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: ingestConfig.maxConcurrency,
      }),
    );

    // Read what was dropped (the exact version the notification names, in versioned stages), write rejection
    // reports, nothing else in this bucket.
    this.ingest.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects(`${INBOX_PREFIX}*`)],
      }),
    );
    this.ingest.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${REJECTED_PREFIX}*`)],
      }),
    );
    props.table.grantIngest(this.ingest.role);
    if (config.extraction.extractor === 'bedrock') grantModelInvoke(this.ingest.role, config.extraction.bedrockModelId);
    acknowledgeNag(this.ingest.role, {
      id: 'AwsSolutions-IAM5',
      reason:
        'S3 object permissions can only name objects by ARN, and dropped files have arbitrary names. The wildcards ' +
        `stop at the prefixes: read under ${INBOX_PREFIX} (what was dropped), write under ${REJECTED_PREFIX} ` +
        '(rejection reports), nothing else in the bucket.',
      appliesTo: [
        arnFinding(this.bucket, `/${INBOX_PREFIX}*`),
        arnFinding(this.bucket, `/${REJECTED_PREFIX}*`),
      ],
    });
  }

  /** Lets `role` put objects under `prefix` (below inbox/), also when the stage names its inbox writers. */
  grantPut(role: iam.IRole, prefix: string): void {
    if (!prefix.startsWith(INBOX_PREFIX)) throw new Error(`${prefix} is not under ${INBOX_PREFIX}`);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`${prefix}*`)] }));
    this.internalWriters.push(role);
  }

  /**
   * When the stage names its writers, only they may put objects under inbox/: an explicit allow (which also admits
   * writers from another account) and a deny for every other principal. Without writers, the account's IAM decides.
   */
  private restrictWriters(writerArns: string[]): void {
    if (writerArns.length === 0) return;
    const inboxObjects = this.bucket.arnForObjects(`${INBOX_PREFIX}*`);
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowConfiguredInboxWriters',
        principals: writerArns.map((arn) => new iam.ArnPrincipal(arn)),
        actions: ['s3:PutObject'],
        resources: [inboxObjects],
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyOtherInboxWriters',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [inboxObjects],
        // The stack's own writers (the poller) are exempt; they are granted in their roles' policies.
        conditions: {
          ArnNotLike: { 'aws:PrincipalArn': Lazy.list({ produce: () => [...writerArns, ...this.internalWriters.map((role) => role.roleArn)] }) },
        },
      }),
    );
  }
}

/** The extractor settings functions/commons/config.ts reads; none for the rules, its default. */
function extractionEnvironment({ extraction }: StageConfig): Record<string, string> {
  if (extraction.extractor === 'rules') return {};
  return {
    [ENV.extractor]: extraction.extractor,
    [ENV.bedrockModelId]: extraction.bedrockModelId,
    [ENV.modelCallsPerDay]: String(extraction.modelCallsPerDay),
    [ENV.modelRequestTimeoutMs]: String(extraction.requestTimeout.toMilliseconds()),
  };
}
