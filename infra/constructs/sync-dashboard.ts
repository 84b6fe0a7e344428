import { Aws, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMES, metricDimensions } from '../../functions/commons/observability/observability-names.js';
import { FUNCTION_METRICS } from '../sync-metrics.js';

/** What the dashboard shows. */
export interface SyncDashboardProps {
  /** The stack's instance: the functions' metrics of this copy carry it as their `instance` dimension. */
  readonly instanceName: string;
  /** The functions, by the name shown on the graphs. */
  readonly functions: Record<string, lambda.IFunction>;
  readonly httpApi: apigw.HttpApi;
  readonly deadLetterQueue: sqs.IQueue;
  /** Minutes between scheduled runs: the freshness graph counts successes per interval. */
  readonly syncIntervalMinutes: number;
  /** @default - a name CloudFormation generates */
  readonly dashboardName?: string;
}

/**
 * One CloudWatch dashboard for the sync: runs and outcomes, duration, models added / updated /
 * retired / restored / paused, freshness (successful runs per schedule interval), change events,
 * API 4xx / 5xx and latency, function errors and throttles, and the dead-letter queue depth.
 */
export class SyncDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: SyncDashboardProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const syncMetric = (metricName: string, label: string, statistic = 'Sum', metricPeriod = period): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: FUNCTION_METRICS.namespace,
        metricName,
        dimensionsMap: metricDimensions(props.instanceName),
        statistic,
        period: metricPeriod,
        label,
      });
    const interval = Duration.minutes(Math.max(props.syncIntervalMinutes, 5));
    const functions = Object.entries(props.functions);
    const api = props.httpApi;
    const sum = { period, statistic: 'Sum' };
    const latency = (statistic: string): cloudwatch.IMetric => api.metricLatency({ period, statistic, label: statistic });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      ...(props.dashboardName === undefined ? {} : { dashboardName: props.dashboardName }),
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Runs by outcome',
        left: [syncMetric(METRIC_NAMES.syncSucceeded, 'succeeded'), syncMetric(METRIC_NAMES.syncFailed, 'failed'), syncMetric(METRIC_NAMES.syncSkipped, 'skipped')],
        stacked: true,
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Run duration (ms)',
        left: [syncMetric(METRIC_NAMES.syncDuration, 'average', 'Average'), syncMetric(METRIC_NAMES.syncDuration, 'max', 'Maximum')],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: `Freshness: successful runs per ${interval.toMinutes()} min (0 = stale)`,
        left: [syncMetric(METRIC_NAMES.syncSucceeded, 'successful runs', 'Sum', interval)],
        leftYAxis: { min: 0 },
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Models changed',
        left: [
          syncMetric(METRIC_NAMES.modelsAdded, 'added'),
          syncMetric(METRIC_NAMES.modelsUpdated, 'updated'),
          syncMetric(METRIC_NAMES.modelsRetired, 'retired'),
          syncMetric(METRIC_NAMES.modelsRestored, 'restored'),
          syncMetric(METRIC_NAMES.modelsPaused, 'paused'),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Change events',
        left: [syncMetric(METRIC_NAMES.eventsPublished, 'published'), syncMetric(METRIC_NAMES.eventsFailed, 'failed')],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      graph('API answers', [
        api.metricCount({ ...sum, label: 'requests' }),
        api.metricClientError({ ...sum, label: '4xx' }),
        api.metricServerError({ ...sum, label: '5xx' }),
      ]),
      graph('API latency (ms)', [latency('p50'), latency('p99'), api.metricIntegrationLatency({ period, statistic: 'p99', label: 'integration p99' })]),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        left: functions.map(([name, fn]) => fn.metricErrors({ period, statistic: 'Sum', label: name })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Function throttles',
        left: functions.map(([name, fn]) => fn.metricThrottles({ period, statistic: 'Sum', label: name })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queue depth (lost scheduled runs)',
        left: [props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: 'messages' })],
        leftYAxis: { min: 0 },
        width: 8,
      }),
    );
  }

  /** The console URL of the dashboard. */
  get url(): string {
    return `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${this.dashboard.dashboardName}`;
  }
}

/** A graph of a few metrics, half the dashboard wide. */
function graph(title: string, left: cloudwatch.IMetric[]): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, width: 12 });
}
