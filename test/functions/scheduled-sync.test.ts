import { DatabaseResumingException } from '@aws-sdk/client-rds-data';
import type { ScheduledEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncResult } from '../../lib/sync/types.js';
import { scheduledEvent } from '../support/lambda-events.js';
import { holdSyncLock } from '../support/sync-lock.js';
import { loadHandler, useFunctionHarness } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

type Handler = (event: ScheduledEvent, context: ReturnType<typeof lambdaContext>) => Promise<SyncResult>;

// A tiny resume budget so that "still resuming" is reached in milliseconds.
const harness = useFunctionHarness({ secretString: 'sk-scheduled-key', env: { DB_RESUME_BUDGET_MS: '50' }, migrate: true });
let handler: Handler;
beforeAll(async () => {
  // A scheduled event always gets a result (only a background run may end without one).
  handler = await loadHandler<Handler>('scheduled-sync-and-background-runs');
});

const invoke = (): Promise<SyncResult> => handler(scheduledEvent(), lambdaContext('model-sync-scheduled', 120_000));

function metricBlobs(): Record<string, unknown>[] {
  return harness.output.records().filter((record) => '_aws' in record);
}

describe('scheduled sync', () => {
  it('It should sync the catalog with trigger schedule, log one line with the counts and emit metrics', async () => {
    // Act
    const result = await invoke();

    // Assess
    expect(result).toMatchObject({ success: true, trigger: 'schedule', newModels: 4, skipped: false });
    expect(harness.litellm.requests.at(-1)?.authorization).toBe('Bearer sk-scheduled-key');
    const runLines = harness.output.records().filter((record) => record.message === 'Model sync finished');
    expect(runLines).toHaveLength(1);
    expect(runLines[0]).toMatchObject({ runId: result.runId, outcome: 'succeeded', newModels: 4, trigger: 'schedule' });
    const [metrics] = metricBlobs().filter((blob) => 'SyncSucceeded' in blob);
    expect(metrics).toMatchObject({ SyncSucceeded: 1, ModelsAdded: 4, ModelsRetired: 0, trigger: 'schedule' });
    expect(JSON.stringify(metrics)).toContain('LiteMaaS/ModelSync');
    const runs = await harness.recordedRuns();
    expect(runs.at(-1)).toMatchObject({ id: result.runId, trigger: 'schedule', status: 'succeeded' });
  });

  it('It should fail the invocation when LiteLLM fails, after logging and recording the run', async () => {
    // Prepare
    harness.litellm.answer({ status: 401, body: { error: { message: 'Authentication Error, invalid key' } } });
    const before = await harness.models();

    // Act
    const invocation = invoke();

    // Assess
    await expect(invocation).rejects.toThrow(/reason litellm: LiteLLM rejected the API key/);
    expect(await harness.models()).toEqual(before);
    const failed = harness.output.records().find((record) => record.message === 'Model sync failed');
    expect(failed).toMatchObject({ outcome: 'failed', failureReason: 'litellm' });
    expect(metricBlobs().some((blob) => blob.SyncFailed === 1)).toBe(true);
    expect((await harness.recordedRuns()).at(-1)).toMatchObject({ status: 'failed', failure_reason: 'litellm' });
  });

  it('It should not fail the invocation when another sync holds the lock', async () => {
    // Prepare
    const lock = await holdSyncLock(harness.postgres.client);

    // Act
    let result: SyncResult;
    try {
      result = await invoke();
    } finally {
      await lock.release();
    }

    // Assess
    expect(result).toMatchObject({ skipped: true, success: false, failureReason: 'busy' });
    expect(harness.output.records().some((record) => record.message === 'Model sync skipped: another sync is running')).toBe(true);
    expect(metricBlobs().some((blob) => blob.SyncSkipped === 1)).toBe(true);
  });

  it('It should fail the invocation when the database is still resuming after the budget', async () => {
    // Prepare
    harness.dataApi.injectFault({
      error: () => new DatabaseResumingException({ message: 'The database is resuming', $metadata: {} }),
    });

    // Act
    const invocation = invoke();

    // Assess
    await expect(invocation).rejects.toThrow(/reason database-resuming/);
    expect(harness.dataApi.calls.filter((call) => call.faulted).length).toBeGreaterThan(0);
  });
});
