import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { acknowledgeNag } from '../nag.ts';
import type { Construct } from 'constructs';
import { ENV } from '../../functions/commons/config.ts';
import type { StageConfig } from '../config.ts';
import { AccessLogs } from '../constructs/access-logs.ts';
import { EventTable } from '../constructs/event-table.ts';
import { FeedDelivery } from '../constructs/feed-delivery.ts';
import { FeedPublisher } from '../constructs/feed-publisher.ts';
import { InboxIngest } from '../constructs/inbox-ingest.ts';
import { OperationsAlarms } from '../constructs/operations-alarms.ts';
import { SourcePoller } from '../constructs/source-poller.ts';
import { INBOX_PREFIX, REJECTED_PREFIX, STACK_OUTPUTS } from '../names.ts';

export interface CeasefireFeedStackProps extends StackProps {
  config: StageConfig;
}

/**
 * One stage of the product: inbox -> ingest -> table -> publish -> feed bucket -> CloudFront, and the
 * poller that follows publishers' feeds into the inbox.
 */
export class CeasefireFeedStack extends Stack {
  readonly config: StageConfig;
  readonly accessLogs: AccessLogs;
  readonly events: EventTable;
  readonly delivery: FeedDelivery;
  readonly inbox: InboxIngest;
  readonly publisher: FeedPublisher;
  readonly poller: SourcePoller;
  readonly alarms?: OperationsAlarms;

  constructor(scope: Construct, id: string, props: CeasefireFeedStackProps) {
    const { config } = props;
    super(scope, id, {
      description: `ceasefire-feed (${config.stage}): articles in, RSS/Atom/JSON feeds of ceasefire developments out`,
      ...props,
      terminationProtection: props.terminationProtection ?? config.terminationProtection,
    });
    this.config = config;
    Tags.of(this).add('project', 'ceasefire-feed');
    Tags.of(this).add('stage', config.stage);

    this.accessLogs = new AccessLogs(this, 'AccessLogs', { config });
    this.events = new EventTable(this, 'Events', { config });
    this.delivery = new FeedDelivery(this, 'FeedDelivery', { config, accessLogs: this.accessLogs.bucket });

    // The names functions/commons/config.ts reads; every function gets all of them (configFromEnv requires them).
    const environment: Record<string, string> = {
      [ENV.stage]: config.stage,
      [ENV.tableName]: this.events.table.tableName,
      [ENV.feedBucket]: this.delivery.bucket.bucketName,
      [ENV.feedBaseUrl]: this.delivery.baseUrl,
      ...(config.websubHub ? { [ENV.websubHub]: config.websubHub } : {}),
    };
    this.inbox = new InboxIngest(this, 'Inbox', {
      config,
      accessLogs: this.accessLogs.bucket,
      table: this.events,
      environment,
    });
    // The publisher and the poller also get the inbox bucket (the ingest construct adds it for its function).
    const withInbox = { ...environment, [ENV.inboxBucket]: this.inbox.bucket.bucketName };
    this.publisher = new FeedPublisher(this, 'Publisher', { config, table: this.events, delivery: this.delivery, environment: withInbox });
    this.poller = new SourcePoller(this, 'Poller', { config, table: this.events, inbox: this.inbox, environment: withInbox });

    if (config.alarms.enabled) {
      this.alarms = new OperationsAlarms(this, 'Alarms', {
        config,
        deadLetterQueues: { ingest: this.inbox.deadLetterQueue, publish: this.publisher.failureQueue },
        functions: { ingest: this.inbox.ingest.function, publish: this.publisher.publish.function },
        ingestQueue: this.inbox.queue,
        publishFunction: this.publisher.publish.function,
        pollFunction: this.poller.poll.function,
      });
    }

    this.addOutputs();
    this.addNagSuppressions();
  }

  private addOutputs(): void {
    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output(STACK_OUTPUTS.inboxBucketName, this.inbox.bucket.bucketName, `Drop articles under ${INBOX_PREFIX} here`);
    output(STACK_OUTPUTS.inboxPrefix, INBOX_PREFIX, 'Only objects under this prefix are ingested');
    output(STACK_OUTPUTS.feedUrl, `${this.delivery.baseUrl}/feed.xml`, 'RSS 2.0 feed (atom.xml, feed.json and / beside it)');
    output(STACK_OUTPUTS.feedBaseUrl, this.delivery.baseUrl, 'Base URL of the feeds and the human-readable page');
    output(STACK_OUTPUTS.feedBucketName, this.delivery.bucket.bucketName, 'Private bucket behind CloudFront');
    output(STACK_OUTPUTS.distributionId, this.delivery.distribution.distributionId, 'CloudFront distribution');
    output(
      STACK_OUTPUTS.distributionDomainName,
      this.delivery.distribution.distributionDomainName,
      'Point a custom domain here (CNAME or Route 53 alias)',
    );
    output(
      STACK_OUTPUTS.deadLetterQueueUrl,
      this.inbox.deadLetterQueue.queueUrl,
      `S3 notifications that failed ingestion ${this.config.ingest.maxReceiveCount} times (see ${REJECTED_PREFIX} for rejected input)`,
    );
    output(
      STACK_OUTPUTS.publishFailureQueueUrl,
      this.publisher.failureQueue.queueUrl,
      'Stream batches the publish function could not process after its retries',
    );
    output(STACK_OUTPUTS.tableName, this.events.table.tableName, 'DynamoDB table of articles, events and followed sources');
    output(STACK_OUTPUTS.pollFunctionName, this.poller.poll.function.functionName, 'Polls the followed sources (`sources poll --stage` invokes it)');
    const { extraction } = this.config;
    output(STACK_OUTPUTS.extractor, extraction.extractor, 'What ingest extracts with: rules, or bedrock (docs/extraction.md)');
    if (extraction.extractor === 'bedrock') {
      output(STACK_OUTPUTS.bedrockModelId, extraction.bedrockModelId, 'The Bedrock model or inference profile ingest invokes');
      output(STACK_OUTPUTS.modelCallsPerDay, String(extraction.modelCallsPerDay), 'Model calls per UTC day; past them the rules extract');
    }
  }

  /**
   * Findings on resources that aws-cdk-lib creates for us. Our own constructs carry their suppressions next to
   * the resource they concern.
   */
  private addNagSuppressions(): void {
    // Custom resource of Bucket.addEventNotification: a singleton Lambda that calls PutBucketNotification (its
    // inline policy is already scoped to the inbox bucket).
    const notificationsHandler = this.node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
    if (notificationsHandler) {
      acknowledgeNag(notificationsHandler, {
        id: 'AwsSolutions-IAM4',
        reason:
          "aws-cdk-lib's BucketNotificationsHandler custom resource attaches AWSLambdaBasicExecutionRole " +
          '(logs:CreateLogGroup, CreateLogStream, PutLogEvents) so it can write its own logs. It runs only while ' +
          'CloudFormation deploys the stack, and aws-cdk-lib does not let us replace its role.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      });
    }
  }
}
