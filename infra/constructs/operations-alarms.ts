import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { metricsNamespace, resourcePrefix, serviceName } from '../names.ts';

export interface OperationsAlarmsProps {
  config: StageConfig;
  /** Dead-letter queues by short name: any message in one is work that did not happen. */
  deadLetterQueues: Record<string, sqs.IQueue>;
  /** Functions by short name: errors and throttles. */
  functions: Record<string, lambda.IFunction>;
  ingestQueue: sqs.IQueue;
  publishFunction: lambda.IFunction;
  /** The poller: its failed rounds, and sources that keep failing. */
  pollFunction: lambda.IFunction;
}

/**
 * CloudWatch alarms that mean "a dropped article may not reach the feed": dead-letter queue depth, function errors and
 * throttles, a backlog in the ingest queue and a publish function falling behind the table stream; and "the feed no
 * longer follows a source": a failed polling round, a source failing for a day. Notifications go to an SNS topic when
 * the stage configures an e-mail address or an existing topic.
 */
export class OperationsAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.ITopic;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    const { config } = props;
    const prefix = resourcePrefix(config.stage);

    if (config.alarms.topicArn) {
      this.topic = sns.Topic.fromTopicArn(this, 'AlarmTopic', config.alarms.topicArn);
    } else if (config.alarms.email) {
      const topic = new sns.Topic(this, 'AlarmTopic', {
        topicName: `${prefix}-alarms`,
        displayName: `ceasefire-feed ${config.stage} alarms`,
        enforceSSL: true,
      });
      topic.addSubscription(new subscriptions.EmailSubscription(config.alarms.email));
      this.topic = topic;
    }

    const add = (name: string, description: string, metric: cloudwatch.IMetric, options: AlarmShape) => {
      const alarm = new cloudwatch.Alarm(this, name, {
        alarmName: `${prefix}-${name}`,
        alarmDescription: description,
        metric,
        threshold: options.threshold,
        evaluationPeriods: options.evaluationPeriods ?? 1,
        datapointsToAlarm: options.datapointsToAlarm ?? options.evaluationPeriods ?? 1,
        comparisonOperator: options.comparison ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      if (this.topic) {
        alarm.addAlarmAction(new actions.SnsAction(this.topic));
        alarm.addOkAction(new actions.SnsAction(this.topic));
      }
      this.alarms.push(alarm);
    };

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      add(
        `${name}-dlq-depth`,
        `Messages are waiting in ${queue.queueName}: work that failed every retry. Inspect them, fix the cause, ` +
          'then redrive them to the source.',
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        { threshold: 1 },
      );
    }

    for (const [name, fn] of Object.entries(props.functions)) {
      add(
        `${name}-errors`,
        `The ${name} function failed whole invocations (not single records) in the last 5 minutes.`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        { threshold: 1 },
      );
      const sustained = fn === props.publishFunction;
      add(
        `${name}-throttles`,
        sustained
          ? 'The publish function (reserved concurrency 1) was throttled for 15 minutes in a row: more stream ' +
              'shards than one rebuild at a time keeps up with, or the account concurrency is exhausted.'
          : `The ${name} function was throttled: the account's concurrency is exhausted.`,
        fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        sustained ? { threshold: 1, evaluationPeriods: 3 } : { threshold: 1 },
      );
    }

    add(
      'ingest-backlog-age',
      'The oldest message in the ingest queue is older than 15 minutes: ingestion is not keeping up or is stuck.',
      props.ingestQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      { threshold: Duration.minutes(15).toSeconds() },
    );
    add(
      'poll-errors',
      'Polling rounds failed as a whole: the poller could not store what it found (S3 or DynamoDB), or crashed. ' +
        'Failing sources do not count here; see sources-failing.',
      props.pollFunction.metricErrors({ period: config.poll.interval, statistic: 'Sum' }),
      { threshold: 1 },
    );
    add(
      'sources-failing',
      'At least one followed source has failed every poll for a day (timeouts, HTTP errors, not a feed, blocked). ' +
        '`ceasefire-feed sources list --stage <stage>` shows each source with its last error.',
      new cloudwatch.Metric({
        namespace: metricsNamespace(config.stage),
        metricName: 'SourcesFailingForADay',
        // Powertools Metrics adds the function's service name as a dimension.
        dimensionsMap: { service: serviceName('poll') },
        period: Duration.hours(1),
        statistic: 'Maximum',
      }),
      { threshold: 1 },
    );
    add(
      'publish-iterator-age',
      'The publish function is more than 10 minutes behind the table stream: the feeds are stale.',
      props.publishFunction.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }),
      { threshold: Duration.minutes(10).toMilliseconds() },
    );
  }
}

interface AlarmShape {
  threshold: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  comparison?: cloudwatch.ComparisonOperator;
}
