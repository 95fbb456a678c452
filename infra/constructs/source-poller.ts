import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as triggers from 'aws-cdk-lib/triggers';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SOURCES_PREFIX } from '../../functions/commons/sources/keys.ts';
import { POLL_ENV } from '../../functions/commons/sources/settings.ts';
import type { StageConfig } from '../config.ts';
import { resourcePrefix } from '../names.ts';
import { acknowledgeNag, arnFinding } from '../nag.ts';
import type { EventTable } from './event-table.ts';
import { FeedFunction } from './feed-function.ts';
import type { InboxIngest } from './inbox-ingest.ts';

export interface SourcePollerProps {
  config: StageConfig;
  table: EventTable;
  inbox: InboxIngest;
  /** The shared runtime environment (functions/commons/config.ts names). */
  environment: Record<string, string>;
}

/**
 * EventBridge Scheduler --every poll.interval--> poll function --> publishers' feeds over HTTPS --> new items
 * under inbox/sources/, where the inbox notification hands them to ingest like any dropped file. The sources
 * and what was seen of them are the poller's own items in the table. One round at a time (reserved
 * concurrency 1), so the per-host delay holds; each deployment that changes the function runs one round
 * after adding the stage's default sources that are missing.
 */
export class SourcePoller extends Construct {
  readonly poll: FeedFunction;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: SourcePollerProps) {
    super(scope, id);
    const { config } = props;
    const poll = config.poll;

    this.poll = new FeedFunction(this, 'Poll', {
      config,
      name: 'poll',
      description: `Polls the followed publishers' feeds into ${SOURCES_PREFIX} (${config.stage})`,
      memorySize: poll.memorySize,
      timeout: poll.timeout,
      // Rounds never overlap: two would ask the same hosts at once and drop the same new items twice.
      reservedConcurrentExecutions: 1,
      environment: {
        ...props.environment,
        [POLL_ENV.maxItemsPerSource]: String(poll.maxItemsPerSource),
        [POLL_ENV.hostDelayMs]: String(poll.hostDelay.toMilliseconds()),
        [POLL_ENV.requestTimeoutMs]: String(poll.requestTimeout.toMilliseconds()),
        [POLL_ENV.seenDays]: String(poll.seenFor.toDays()),
        ...(poll.defaultSources.length ? { [POLL_ENV.defaultSources]: JSON.stringify(poll.defaultSources) } : {}),
      },
    });
    // A round that cannot start within one interval is superseded by the next one; a failed round is
    // not retried (the next one polls everything again). The interval is at least the minute Lambda's
    // maxEventAge needs (validateStageConfig).
    this.poll.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: poll.interval });

    // The scheduler's own role, trusted only by schedules of this account's default group, may invoke the poller.
    const stack = Stack.of(this);
    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      description: `Lets EventBridge Scheduler start the ${config.stage} polling rounds`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      scheduleName: `${resourcePrefix(config.stage)}-poll`,
      description: `Polls the followed publishers' feeds every ${poll.interval.toHumanString()} (${config.stage})`,
      schedule: scheduler.ScheduleExpression.rate(poll.interval),
      target: new LambdaInvoke(this.poll.function, {
        role: scheduleRole,
        input: scheduler.ScheduleTargetInput.fromObject({ action: 'poll' }),
        retryAttempts: 0,
      }),
    });
    acknowledgeNag(scheduleRole, {
      id: 'AwsSolutions-IAM5',
      reason:
        'lambda:InvokeFunction is granted on the poll function and on its qualified ARNs (<function ARN>:*, its ' +
        'versions and aliases), which is how aws-cdk-lib grants invoke. No other function can be invoked.',
      appliesTo: [arnFinding(this.poll.function, ':*')],
    });

    new triggers.Trigger(this, 'PollOnDeploy', {
      handler: this.poll.function,
      executeAfter: [props.table, props.inbox],
      executeOnHandlerChange: true,
      invocationType: triggers.InvocationType.EVENT,
    });

    props.inbox.grantPut(this.poll.role, SOURCES_PREFIX);
    props.table.grantSources(this.poll.role);
    acknowledgeNag(this.poll.role, {
      id: 'AwsSolutions-IAM5',
      reason:
        'S3 object permissions can only name objects by ARN, and the poller names each item by a hash of its id. The ' +
        `wildcard stops at ${SOURCES_PREFIX}: the poller may put objects there and nothing else in the bucket.`,
      appliesTo: [arnFinding(props.inbox.bucket, `/${SOURCES_PREFIX}*`)],
    });
  }
}
