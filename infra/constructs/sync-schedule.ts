import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';

/** Settings of the sync schedule. */
export interface SyncScheduleProps {
  /** The scheduled sync function. */
  readonly handler: lambda.IFunction;
  /** Minutes between runs (1..1440). */
  readonly intervalMinutes: number;
  /** Whether the rule fires; a disabled rule still deploys. @default true */
  readonly enabled?: boolean;
  /** Retries after a failed delivery or a failed run. @default 2 */
  readonly retryAttempts?: number;
}

/**
 * An EventBridge rule with a rate schedule that runs the scheduled sync, and one encrypted
 * dead-letter queue for both ways a run can be lost: an event EventBridge could not deliver, and
 * an invocation that still failed after Lambda's asynchronous retries.
 */
export class SyncSchedule extends Construct {
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: SyncScheduleProps) {
    super(scope, id);
    const retryAttempts = props.retryAttempts ?? 2;
    // An event older than one interval is worthless: the next scheduled run does the same work.
    const maxEventAge = Duration.minutes(Math.min(Math.max(props.intervalMinutes, 1), 60));

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetterQueue, 'AwsSolutions-SQS3', 'This queue is the dead-letter queue of the schedule rule and of the scheduled function; it has no dead-letter queue of its own.');

    this.rule = new events.Rule(this, 'Rule', {
      description: `Runs the LiteMaaS model sync every ${props.intervalMinutes} minute(s)`,
      schedule: events.Schedule.rate(Duration.minutes(props.intervalMinutes)),
      enabled: props.enabled ?? true,
    });
    this.rule.addTarget(
      new targets.LambdaFunction(props.handler, { retryAttempts, maxEventAge, deadLetterQueue: this.deadLetterQueue }),
    );
    // EventBridge invokes asynchronously: its DLQ only sees delivery failures, so failed runs
    // are routed to the same queue by the function's own async-invoke settings.
    props.handler.configureAsyncInvoke({
      retryAttempts: Math.min(retryAttempts, 2),
      maxEventAge,
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });
  }
}
