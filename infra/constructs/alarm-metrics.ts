/**
 * The metrics SyncAlarms watches that the stack derives itself: metric filters on log groups and
 * sums of function metrics. Each filter is created in the scope passed in (the alarms construct),
 * so construct ids stay where they were.
 */

import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { STACK_METRICS } from '../sync-metrics.js';

/** One metric filter that counts every matching log line as 1, and its metric summed per period. */
function countLines(scope: Construct, id: string, logGroup: logs.ILogGroup, pattern: string, namespace: string, metricName: string, period: Duration): cloudwatch.IMetric {
  const filter = new logs.MetricFilter(scope, id, {
    logGroup,
    filterPattern: logs.FilterPattern.literal(pattern),
    metricNamespace: namespace,
    metricName,
    metricValue: '1',
  });
  return filter.metric({ period, statistic: 'Sum' });
}

/**
 * API Gateway's own `5xx` metric counts the 503 the API answers on purpose while an auto-paused
 * database resumes (the caller retries after `Retry-After`), so it would page on normal use. The
 * access logs tell that 503 apart: the function answered it, so the integration status is 200.
 */
export function apiServerErrors(scope: Construct, accessLogs: logs.ILogGroup, namespace: string, period: Duration): cloudwatch.IMetric {
  const pattern = '{ ($.status = "5*") && (($.status != "503") || ($.integrationStatus != "200")) }';
  return countLines(scope, 'ApiServerErrorsFilter', accessLogs, pattern, namespace, STACK_METRICS.apiServerErrors, period);
}

/**
 * The deploy-time function returns success when the first sync fails (so a LiteLLM outage cannot
 * wedge the stack), which leaves its logs as the only trace: every ERROR line counts.
 */
export function deploySyncErrors(scope: Construct, logGroup: logs.ILogGroup, namespace: string, period: Duration): cloudwatch.IMetric {
  return countLines(scope, 'DeploySyncErrorsFilter', logGroup, '{ $.level = "ERROR" }', namespace, STACK_METRICS.deploySyncErrors, period);
}

/**
 * Counts the lines of one log group that carry an EMF metric of the functions (raw JSON with the
 * metric as a top-level key), e.g. the authorizer's `LitemaasJwtSecretRefused`.
 */
export function countEmfLines(scope: Construct, id: string, logGroup: logs.ILogGroup, emfMetric: string, namespace: string, period: Duration): cloudwatch.IMetric {
  return countLines(scope, id, logGroup, `{ $.${emfMetric} = 1 }`, namespace, emfMetric, period);
}

/**
 * Counts the functions' run outcomes per instance: one metric filter per log group on the
 * Powertools EMF line (raw JSON with the metric as a top-level key), all into one metric.
 */
export function countRuns(
  scope: Construct,
  id: string,
  emfMetric: string,
  metricName: string,
  logGroups: readonly logs.ILogGroup[],
  namespace: string,
): cloudwatch.Metric {
  logGroups.forEach((logGroup, index) => {
    new logs.MetricFilter(scope, `Sync${id}Filter${index}`, {
      logGroup,
      filterPattern: logs.FilterPattern.literal(`{ $.${emfMetric} = 1 }`),
      metricNamespace: namespace,
      metricName,
      metricValue: '1',
    });
  });
  return new cloudwatch.Metric({ namespace, metricName, statistic: 'Sum' });
}

/** The sum of several metrics as one (e.g. errors of two functions). */
export function sumOf(metrics: readonly cloudwatch.IMetric[], period: Duration): cloudwatch.IMetric {
  if (metrics.length === 1 && metrics[0] !== undefined) return metrics[0];
  const usingMetrics = Object.fromEntries(metrics.map((metric, index) => [`m${index}`, metric]));
  // FILL: a function that was never invoked has no data points, which must not hide the other's errors.
  const expression = Object.keys(usingMetrics).map((key) => `FILL(${key}, 0)`).join(' + ');
  return new cloudwatch.MathExpression({ expression, usingMetrics, period });
}
