import { Aws, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTION_METRICS, STACK_METRICS, stackMetricsNamespace } from '../sync-metrics.js';
import { apiServerErrors, countEmfLines, countRuns, deploySyncErrors, sumOf } from './alarm-metrics.js';

/** What the alarms watch. */
export interface SyncAlarmsProps {
  /** Prefixes the alarm descriptions and the topic's display name; names the stack's own metric namespace. */
  readonly instanceName: string;
  /** The scheduled sync function: a failed run fails its invocation. */
  readonly scheduledFunction: lambda.IFunction;
  /** The API functions: errors here are crashes or timeouts, not failed syncs (those are answered). */
  readonly apiFunctions: readonly lambda.IFunction[];
  /** The API's JSON access logs (they carry `status` and `integrationStatus`). */
  readonly apiAccessLogs: logs.ILogGroup;
  /** Log groups of the functions that run syncs; their EMF lines are counted per instance. */
  readonly syncFunctionLogs: readonly logs.ILogGroup[];
  /** The deploy-time function's log group: an ERROR line there is a failed migration or first sync. */
  readonly deployFunctionLogs: logs.ILogGroup;
  /**
   * The LiteMaaS token authorizer's log group: a `LitemaasJwtSecretRefused` line there means every
   * request is denied because LiteMaaS's JWT_SECRET is weak.
   * @default - no such alarm (IAM and JWT modes have no authorizer function)
   */
  readonly litemaasAuthorizerLogs?: logs.ILogGroup;
  /** The dead-letter queue of the schedule. */
  readonly deadLetterQueue: sqs.IQueue;
  /**
   * No successful sync for this long raises the freshness alarm.
   * @default - no freshness alarm (give it only while the schedule is enabled)
   */
  readonly freshnessWindow?: Duration;
  /** @default - no subscription; subscribe to the topic yourself */
  readonly alarmEmail?: string;
}

/**
 * Alarms on failed, lost and missing syncs, all sent to one SNS topic that CloudWatch may publish
 * to (only these alarms, only from this account) and that refuses non-TLS access.
 */
export class SyncAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: SyncAlarmsProps) {
    super(scope, id);
    const { instanceName } = props;
    this.topic = new sns.Topic(this, 'Topic', { displayName: `${instanceName} alarms`, enforceSSL: true });
    if (props.alarmEmail !== undefined) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    const fiveMinutes = Duration.minutes(5);
    const stackNamespace = stackMetricsNamespace(instanceName);
    const alarmOnAny = (alarmId: string, description: string, metric: cloudwatch.IMetric): cloudwatch.Alarm =>
      // One watched event is already a failed or lost sync; no data means nothing ran, which is fine.
      new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: `${instanceName}: ${description}`,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });

    this.alarms = [
      alarmOnAny(
        'ScheduledSyncFailed',
        'A scheduled model sync failed (after its retries the event is in the dead-letter queue). See the ScheduledSyncFunction logs.',
        props.scheduledFunction.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      ),
      alarmOnAny(
        'SyncFailed',
        'A model sync failed (scheduled, manual or at deploy time), as reported by the functions. The log line "Model sync failed" has the run id and the reason.',
        countRuns(this, 'Failed', FUNCTION_METRICS.failed, STACK_METRICS.syncFailed, props.syncFunctionLogs, stackNamespace).with({ period: fiveMinutes }),
      ),
      alarmOnAny(
        'ApiServerErrors',
        'The sync API answered 5xx other than the designed 503 of a resuming database: LiteLLM failed (502), the function failed (500) or API Gateway could not reach it. See the API access logs and the API function logs.',
        apiServerErrors(this, props.apiAccessLogs, stackNamespace, fiveMinutes),
      ),
      alarmOnAny(
        'ApiFunctionErrors',
        'An API function crashed or timed out (a failed sync is answered, not thrown).',
        sumOf(props.apiFunctions.map((fn) => fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' })), fiveMinutes),
      ),
      alarmOnAny(
        'DeploySyncFailed',
        'The deploy-time function logged an error: a failed first sync (the deploy went on) or a failed migration (the deploy failed). See the DeploySyncLogGroup output.',
        deploySyncErrors(this, props.deployFunctionLogs, stackNamespace, fiveMinutes),
      ),
      ...(props.litemaasAuthorizerLogs === undefined
        ? []
        : [
            alarmOnAny(
              'LitemaasJwtSecretRefused',
              "The LiteMaaS token authorizer denies every request: LiteMaaS's JWT_SECRET in Secrets Manager is blank, shorter than 32 bytes or one of LiteMaaS's published sample values. Set a random one in LiteMaaS and in the secret; the authorizer's log line says which.",
              countEmfLines(this, 'LitemaasJwtSecretRefusedFilter', props.litemaasAuthorizerLogs, STACK_METRICS.litemaasJwtSecretRefused, stackNamespace, fiveMinutes),
            ),
          ]),
      this.deadLetterAlarm(props.deadLetterQueue, instanceName, fiveMinutes),
      ...(props.freshnessWindow === undefined
        ? []
        : [this.freshnessAlarm(props.freshnessWindow, instanceName, countRuns(this, 'Succeeded', FUNCTION_METRICS.succeeded, STACK_METRICS.syncSucceeded, props.syncFunctionLogs, stackNamespace))]),
    ];
    const action = new actions.SnsAction(this.topic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    this.allowAlarmsToPublish();
  }

  /**
   * A topic policy replaces SNS's default one, so without this statement CloudWatch could not
   * publish and no alarm would ever reach anyone. Scoped to this account and these alarms.
   */
  private allowAlarmsToPublish(): void {
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowTheseAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnEquals: { 'aws:SourceArn': this.alarms.map((alarm) => alarm.alarmArn) },
        },
      }),
    );
  }

  /**
   * Stays in ALARM while any message waits, not only when one arrives. SQS stops publishing
   * metrics of a queue idle for hours, so missing data keeps the last state instead of turning OK.
   */
  private deadLetterAlarm(queue: sqs.IQueue, instanceName: string, period: Duration): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, 'DeadLetterMessages', {
      alarmDescription: `${instanceName}: Scheduled sync runs were lost (undeliverable or failed after retries) and wait in the dead-letter queue. The alarm stays on until the queue is empty: read, then purge it.`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
  }

  /**
   * No `SyncSucceeded` for the whole window. Missing data is breaching: a sync that never runs
   * (schedule broken, key not set, every run failing) emits no success at all. CloudWatch allows
   * one period of up to a day; longer windows are every one of up to 168 hourly periods.
   */
  private freshnessAlarm(window: Duration, instanceName: string, succeeded: cloudwatch.Metric): cloudwatch.Alarm {
    const minutes = Math.ceil(window.toMinutes({ integral: false }));
    const oneDay = 24 * 60;
    const period = minutes <= oneDay ? Duration.minutes(minutes) : Duration.hours(1);
    const evaluationPeriods = minutes <= oneDay ? 1 : Math.ceil(minutes / 60);
    return new cloudwatch.Alarm(this, 'SyncNotFresh', {
      alarmDescription: `${instanceName}: No model sync succeeded in the last ${minutes} minutes. Check the SyncFailed and ScheduledSyncFailed alarms, the LiteLLM key secret and the ScheduledSyncFunction logs.`,
      metric: succeeded.with({ period }),
      threshold: 1,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }
}
