import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The metric the functions emit for a failed run (functions/commons/powertools.ts and
 * run-report.ts): Powertools adds the `service` dimension to every metric.
 */
export const SYNC_METRICS = { namespace: 'LiteMaaS/ModelSync', failedMetric: 'SyncFailed', service: 'model-sync' } as const;

/** What the alarms watch. */
export interface SyncAlarmsProps {
  /** The scheduled sync function: a failed run fails its invocation. */
  readonly scheduledFunction: lambda.IFunction;
  /** The API function: errors here are crashes, not failed syncs (those are answered as 502/500). */
  readonly apiFunction: lambda.IFunction;
  /** The API: a manual sync that failed answers 5xx. */
  readonly httpApi: apigw.HttpApi;
  /** The dead-letter queue of the schedule. */
  readonly deadLetterQueue: sqs.IQueue;
  /** @default - no subscription; subscribe to the topic yourself */
  readonly alarmEmail?: string;
}

/** Alarms on failed syncs and on lost runs, all sent to one SNS topic. */
export class SyncAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: SyncAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'LiteMaaS model sync alarms', enforceSSL: true });
    if (props.alarmEmail !== undefined) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    const fiveMinutes = Duration.minutes(5);
    this.alarms = [
      this.alarmOnAny(
        'ScheduledSyncFailed',
        'A scheduled model sync failed (after its retries the event is in the dead-letter queue). See the ScheduledSyncFunction logs.',
        props.scheduledFunction.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      ),
      this.alarmOnAny(
        'SyncFailed',
        'A model sync failed (scheduled, manual or at deploy time), as reported by the functions. The log line "Model sync failed" has the run id and the reason.',
        new cloudwatch.Metric({
          namespace: SYNC_METRICS.namespace,
          metricName: SYNC_METRICS.failedMetric,
          dimensionsMap: { service: SYNC_METRICS.service },
          period: fiveMinutes,
          statistic: 'Sum',
        }),
      ),
      this.alarmOnAny(
        'ManualSyncFailed',
        'The sync API answered 5xx: a manual sync failed (LiteLLM or database) or the function crashed. See the access logs and the SyncApiFunction logs.',
        props.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      ),
      this.alarmOnAny(
        'ApiFunctionErrors',
        'The sync API function crashed or timed out (a failed sync is answered, not thrown).',
        props.apiFunction.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      ),
      this.alarmOnAny(
        'DeadLetterMessages',
        'Scheduled sync runs were lost (undeliverable or failed after retries) and wait in the dead-letter queue.',
        props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
      ),
    ];
    const action = new actions.SnsAction(this.topic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }

  /**
   * An alarm that fires on the first occurrence in a period: every watched event is a lost or
   * failed sync, so one is already worth a look; no data means nothing ran, which is not a failure.
   */
  private alarmOnAny(id: string, description: string, metric: cloudwatch.IMetric): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
