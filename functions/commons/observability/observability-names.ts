/**
 * The names the functions emit and the stack's alarms watch, in one place: if the two ever
 * differed, an alarm would watch a metric nobody writes and stay silent. Plain constants only, so
 * `infra/` can import this module without pulling in handler code.
 *
 * Powertools Metrics adds a `service` dimension with {@link SERVICE_NAME} to every metric. The
 * name is passed to its constructor, which wins over `POWERTOOLS_SERVICE_NAME` (Metrics resolves
 * `serviceName` option → custom config → environment → default), so the dimension an alarm needs
 * is always this one (test/functions/observability-names.test.ts checks it).
 */

import { RESOURCE_VARIABLES } from '../../../lib/settings/deploy-names.js';

/** The CloudWatch namespace of every model-sync metric. */
export const METRICS_NAMESPACE = 'LiteMaaS/ModelSync';

/** The service name: the logs' `service` field and the metrics' `service` dimension. */
export const SERVICE_NAME = 'model-sync';

/** The metrics the functions emit (see functions/commons/sync/run-report.ts). */
export const METRIC_NAMES = {
  /** One per run that succeeded. */
  syncSucceeded: 'SyncSucceeded',
  /** One per failed run, whatever the trigger (deploy-time ones too): what the SyncFailed alarm counts. */
  syncFailed: 'SyncFailed',
  /** One per run skipped because another sync held the lock. */
  syncSkipped: 'SyncSkipped',
  syncDuration: 'SyncDuration',
  modelsAdded: 'ModelsAdded',
  modelsUpdated: 'ModelsUpdated',
  modelsRetired: 'ModelsRetired',
  modelsRestored: 'ModelsRestored',
  modelsPaused: 'ModelsPaused',
  /** Entries a run deliberately left out (wildcard, team-only, filtered, paused and new). */
  modelsIgnored: 'ModelsIgnored',
  /** Change events EventBridge took (functions/commons/events/change-events.ts). */
  eventsPublished: 'EventsPublished',
  /** Change events that could not be published; the run records why (`eventsError`). */
  eventsFailed: 'EventsFailed',
} as const;

/**
 * The environment variable the stack sets to its `instanceName`. The functions add it to every
 * metric as the {@link INSTANCE_DIMENSION} dimension, so the dashboard of one copy of the stack
 * (dev) never shows another copy's runs (prod) from the same account and region.
 */
export const INSTANCE_VARIABLE = RESOURCE_VARIABLES.instance;

/** The dimension that tells the stack copies' metrics apart. */
export const INSTANCE_DIMENSION = 'instance';

/**
 * The dimensions every metric above carries, for a graph's or an alarm's `dimensionsMap`; without
 * an instance (the CLI, tests) only `service`.
 */
export function metricDimensions(instance?: string): Record<string, string> {
  return instance === undefined || instance === '' ? { service: SERVICE_NAME } : { service: SERVICE_NAME, [INSTANCE_DIMENSION]: instance };
}
