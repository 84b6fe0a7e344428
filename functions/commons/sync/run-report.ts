import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { countsOf, runStatusOf } from '../../../lib/sync/types.js';
import type { SyncResult } from '../../../lib/sync/types.js';
import { METRIC_NAMES } from '../observability/observability-names.js';
import { logger, metrics } from '../observability/powertools.js';

/**
 * Writes the one structured log line of a run (counts, run id, errors; never the key) and adds
 * its metrics: `SyncSucceeded` / `SyncFailed` / `SyncSkipped`, `SyncDuration`, and, except for
 * dry runs (which change nothing), `ModelsAdded`, `ModelsUpdated`, `ModelsRetired` (retired and
 * paused: every row made unavailable), `ModelsRestored`, `ModelsPaused` and `ModelsIgnored` (LiteLLM
 * entries deliberately left out; the log line lists them with their reason).
 * The metrics are flushed by the `logMetrics` middleware at the end of the invocation.
 */
export function reportRun(result: SyncResult): void {
  const outcome = runStatusOf(result);
  const line = {
    runId: result.runId,
    trigger: result.trigger,
    outcome,
    failureReason: result.failureReason,
    dryRun: result.dryRun,
    ...countsOf(result),
    durationMs: result.durationMs,
    errors: result.errors,
    ignored: result.ignored,
    missingModels: result.changes.missing,
  };
  if (outcome === 'failed') logger.error('Model sync failed', line);
  else if (outcome === 'skipped') logger.warn('Model sync skipped: another sync is running', line);
  else logger.info('Model sync finished', line);

  const outcomeMetric = {
    succeeded: METRIC_NAMES.syncSucceeded,
    failed: METRIC_NAMES.syncFailed,
    skipped: METRIC_NAMES.syncSkipped,
  }[outcome];
  metrics.addMetadata('trigger', result.trigger);
  if (result.runId !== undefined) metrics.addMetadata('runId', result.runId);
  metrics.addMetric(outcomeMetric, MetricUnit.Count, 1);
  metrics.addMetric(METRIC_NAMES.syncDuration, MetricUnit.Milliseconds, result.durationMs);
  if (result.dryRun) return;
  metrics.addMetric(METRIC_NAMES.modelsAdded, MetricUnit.Count, result.newModels);
  metrics.addMetric(METRIC_NAMES.modelsUpdated, MetricUnit.Count, result.updatedModels);
  // Retired only: LiteMaaS's unavailableModels also counts the models this run paused.
  metrics.addMetric(METRIC_NAMES.modelsRetired, MetricUnit.Count, result.changes.retired.length);
  metrics.addMetric(METRIC_NAMES.modelsRestored, MetricUnit.Count, result.restoredModels);
  metrics.addMetric(METRIC_NAMES.modelsPaused, MetricUnit.Count, result.pausedModels);
  metrics.addMetric(METRIC_NAMES.modelsIgnored, MetricUnit.Count, result.ignoredModels);
}
