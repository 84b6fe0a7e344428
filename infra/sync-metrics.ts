/**
 * The names of the metrics the alarms watch, in one place on the stack side. The functions write
 * the `LiteMaaS/ModelSync` metrics (functions/commons/powertools.ts, run-report.ts); a test checks
 * that these names still match theirs. Kept as plain data so synth does not load Powertools.
 */
export const FUNCTION_METRICS = {
  namespace: 'LiteMaaS/ModelSync',
  /** Powertools adds `service` as a dimension of every metric. */
  service: 'model-sync',
  failed: 'SyncFailed',
  succeeded: 'SyncSucceeded',
} as const;

/**
 * Metrics the stack itself derives from logs (metric filters). They live in a namespace of their
 * own per instance, so two copies of the stack in one account never count each other's events
 * (the functions' own metrics carry the same `service` dimension in every copy).
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
