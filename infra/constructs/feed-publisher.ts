import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as triggers from 'aws-cdk-lib/triggers';
import { acknowledgeNag, arnFinding } from '../nag.ts';
import { Construct } from 'constructs';
import { feedCacheControl, type StageConfig } from '../config.ts';
import { EXTRA_ENV, resourcePrefix } from '../names.ts';
import type { EventTable } from './event-table.ts';
import type { FeedDelivery } from './feed-delivery.ts';
import { FeedFunction } from './feed-function.ts';

export interface FeedPublisherProps {
  config: StageConfig;
  table: EventTable;
  delivery: FeedDelivery;
  environment: Record<string, string>;
}

/**
 * table stream --> publish function (one at a time) --> feed bucket. The function rebuilds the feeds from a Query,
 * so a batch of any size costs one rebuild, and batches that still fail after the retries are recorded in the
 * failure queue rather than blocking the stream. Every deployment that creates or changes the function also
 * invokes it once, so a new stage serves its (empty) feeds at once and a new renderer reaches every page.
 */
export class FeedPublisher extends Construct {
  readonly publish: FeedFunction;
  readonly failureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FeedPublisherProps) {
    super(scope, id);
    const { config } = props;
    const publishConfig = config.publish;

    this.failureQueue = new sqs.Queue(this, 'FailureQueue', {
      queueName: `${resourcePrefix(config.stage)}-publish-failures`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeNag(
      this.failureQueue,
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue: the on-failure destination of the DynamoDB stream event source ' +
          'mapping, which receives the metadata of batches that exhausted their retries. cdk-nag only recognises ' +
          'queues named in a redrive policy or a function DeadLetterConfig. Its depth is alarmed in staging and prod.',
      },
    );

    this.publish = new FeedFunction(this, 'Publish', {
      config,
      name: 'publish',
      description: `Rebuilds the RSS, Atom and JSON feeds from the event table (${config.stage})`,
      memorySize: publishConfig.memorySize,
      timeout: publishConfig.timeout,
      // One rebuild at a time: concurrent rebuilds would race on the same objects.
      reservedConcurrentExecutions: 1,
      environment: {
        ...props.environment,
        [EXTRA_ENV.feedCacheControl]: feedCacheControl(config.feed),
        [EXTRA_ENV.feedMinConfidence]: String(config.feed.minConfidence),
      },
    });
    this.publish.function.addEventSource(
      new DynamoEventSource(props.table.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: publishConfig.batchSize,
        maxBatchingWindow: publishConfig.maxBatchingWindow,
        bisectBatchOnError: true,
        retryAttempts: publishConfig.retryAttempts,
        maxRecordAge: publishConfig.maxRecordAge,
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.failureQueue),
      }),
    );
    new triggers.Trigger(this, 'PublishOnDeploy', {
      handler: this.publish.function,
      executeAfter: [props.table, props.delivery],
      executeOnHandlerChange: true,
      // Asynchronous: with reserved concurrency 1 a rebuild may be running; Lambda retries a throttled event
      // invocation by itself, and a failed rebuild shows in the publish alarms instead of failing the deployment.
      invocationType: triggers.InvocationType.EVENT,
    });
    props.table.grantPublish(this.publish.role);
    props.delivery.grantPublish(this.publish.role);
    acknowledgeNag(
      this.publish.role,
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'dynamodb:ListStreams has no resource-level permissions (the Service Authorization Reference lists no ' +
          'resource type for it), so the DynamoDB event source grants it on *. It only lists stream ARNs; reading ' +
          "records (DescribeStream, GetShardIterator, GetRecords) is scoped to this table's stream ARN.",
        appliesTo: ['Resource::*'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'The feed bucket holds only what publish renders (feed.xml, atom.xml, feed.json, index.html and archive ' +
          'pages whose names follow the data), so its objects are named by wildcard. The bucket is dedicated to the ' +
          'feeds and the grant is Get/Put/Delete on objects (delete: pages that no longer exist), no bucket configuration.',
        appliesTo: [arnFinding(props.delivery.bucket, '/*')],
      },
    );
  }
}
