import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { INSTANCE_VARIABLE, METRIC_NAMES, METRICS_NAMESPACE, metricDimensions } from '../../functions/commons/observability/observability-names.js';
import type { SyncResult } from '../../lib/sync/types.js';
import { captureOutput } from './helpers/capture-output.js';
import type { CapturedOutput } from './helpers/capture-output.js';

const failedRun: SyncResult = {
  success: false,
  totalModels: 0,
  newModels: 0,
  updatedModels: 0,
  unavailableModels: 0,
  restoredModels: 0,
  unchangedModels: 0,
  errors: ['LiteLLM answered HTTP 503.'],
  syncedAt: '2026-11-26T10:00:00.000Z',
  trigger: 'schedule',
  dryRun: false,
  skipped: false,
  durationMs: 12,
  pausedModels: 0,
  ignoredModels: 0,
  ignored: [],
  changes: { added: [], updated: [], retired: [], restored: [], paused: [], missing: [] },
  failureReason: 'litellm',
  runId: '0d4f4a8e-5b8c-4a57-9f43-1a2b3c4d5e6f',
};

interface EmfBlob {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

let output: CapturedOutput;

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  output = captureOutput();
});

afterEach(() => {
  output.restore();
  vi.unstubAllEnvs();
});

describe('the names the alarms watch', () => {
  it('It should emit SyncFailed in the shared namespace with the shared service dimension, even when POWERTOOLS_SERVICE_NAME says otherwise', async () => {
    // Prepare: an operator (or a stack default) sets another service name.
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'something-else');
    vi.stubEnv(INSTANCE_VARIABLE, 'LiteMaaSModelSyncDev');
    const { reportRun } = await import('../../functions/commons/sync/run-report.js');
    const { metrics } = await import('../../functions/commons/observability/powertools.js');

    // Act
    reportRun(failedRun);
    metrics.publishStoredMetrics();

    // Assess
    const blob = output.records().find((record) => '_aws' in record) as EmfBlob | undefined;
    const directive = blob?._aws.CloudWatchMetrics[0];
    expect(directive?.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive?.Metrics.map((metric) => metric.Name)).toContain(METRIC_NAMES.syncFailed);
    expect(blob?.[METRIC_NAMES.syncFailed]).toBe(1);
    const dimensions = metricDimensions('LiteMaaSModelSyncDev');
    expect(dimensions).toEqual({ service: 'model-sync', instance: 'LiteMaaSModelSyncDev' });
    for (const [name, value] of Object.entries(dimensions)) {
      expect(directive?.Dimensions.flat()).toContain(name);
      expect(blob?.[name]).toBe(value);
    }
    // Exactly the dashboard's dimensions: an extra one would split the metric it graphs.
    expect(directive?.Dimensions).toEqual([Object.keys(dimensions)]);
    // The SyncFailed alarm's metric filter (infra/constructs/alarm-metrics.ts) matches this top-level key.
    expect(blob?.[METRIC_NAMES.syncFailed]).toBe(1);
  });
});
