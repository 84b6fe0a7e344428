import { METRIC_NAMES, METRICS_NAMESPACE } from '../functions/commons/observability/observability-names.js';

/**
 * The function metrics the alarms watch, taken from the one module the functions emit them by
 * (functions/commons/observability/observability-names.ts, plain constants, so synth does not load Powertools).
 */
export const FUNCTION_METRICS = {
  namespace: METRICS_NAMESPACE,
  failed: METRIC_NAMES.syncFailed,
  succeeded: METRIC_NAMES.syncSucceeded,
} as const;

/**
 * Metrics the stack itself derives from logs (metric filters). They live in a namespace of their
 * own per instance, so two copies of the stack in one account never count each other's events
 * (the alarms count from each copy's own log groups; the functions' metrics tell copies apart by
 * their `instance` dimension, see metricDimensions).
 */
export function stackMetricsNamespace(instanceName: string): string {
  return `LiteMaaS/ModelSync/${instanceName}`;
}

export const STACK_METRICS = {
  /** Runs that succeeded, counted from the functions' EMF lines (`"SyncSucceeded": 1`). */
  syncSucceeded: FUNCTION_METRICS.succeeded,
  /** Runs that failed, counted from the functions' EMF lines (`"SyncFailed": 1`). */
  syncFailed: FUNCTION_METRICS.failed,
  /** API answers 5xx other than the designed 503 of a resuming database. */
  apiServerErrors: 'ApiServerErrors',
  /** ERROR lines of the deploy-time function: a failed migration or a failed first sync. */
  deploySyncErrors: 'DeploySyncErrors',
} as const;
