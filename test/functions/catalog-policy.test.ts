import type { ScheduledEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncResult } from '../../lib/sync/types.js';
import { readSyncConfig } from '../../functions/commons/setup/config.js';
import { readFixture } from '../support/fixtures.js';
import { scheduledEvent } from '../support/lambda-events.js';
import { loadHandler, useFunctionHarness } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

type Handler = (event: ScheduledEvent, context: ReturnType<typeof lambdaContext>) => Promise<SyncResult>;

// The catalog policy as the stack passes it: SYNC_* variables on the function.
const harness = useFunctionHarness({
  secretString: 'sk-policy-key',
  env: {
    SYNC_INCLUDE_TEAM_MODELS: 'true',
    SYNC_EXCLUDE: 'gpt-*',
    SYNC_NEW_MODELS_RESTRICTED: 'true',
    SYNC_RETIRE_AFTER_MISSED_RUNS: '2',
    LITELLM_MAX_RESPONSE_BYTES: '5000000',
  },
  migrate: true,
});
let handler: Handler;
beforeAll(async () => {
  // A scheduled event always gets a result (only a background run may end without one).
  handler = await loadHandler<Handler>('scheduled-sync-and-background-runs');
});

const invoke = (): Promise<SyncResult> => handler(scheduledEvent(), lambdaContext('model-sync-scheduled', 120_000));

describe('the catalog policy in the functions', () => {
  it('It should apply the SYNC_* settings, log the ignored models and count paused and ignored ones', async () => {
    // Prepare
    await invoke(); // the basic catalog: four models, all published but gpt-4o
    harness.output.clear();
    harness.litellm.answer({ body: readFixture('model-info-2026.json') });

    // Act
    const result = await invoke();

    // Assess
    expect(result).toMatchObject({
      success: true,
      pausedModels: 1,
      ignoredModels: 2,
      changes: { added: ['finance-llama-8b'], paused: ['qwen2.5-coder-32b'], missing: ['claude-sonnet-4-5'], retired: [] },
    });
    const models = (await harness.models()).map((row) => [row.id, row.availability, row.restricted_access]);
    expect(models).toEqual([
      ['claude-sonnet-4-5', 'available', true],
      ['finance-llama-8b', 'available', true],
      ['llama-3.1-8b-instruct', 'available', true],
      ['qwen2.5-coder-32b', 'unavailable', true],
    ]);
    const [line] = harness.output.records().filter((record) => record.message === 'Model sync finished');
    expect(line).toMatchObject({
      pausedModels: 1,
      ignoredModels: 2,
      ignored: [
        { model: 'anthropic/*', reason: 'wildcard' },
        { model: 'gpt-4o', reason: 'filtered' },
      ],
      missingModels: ['claude-sonnet-4-5'],
    });
    const [metrics] = harness.output.records().filter((record) => '_aws' in record && 'SyncSucceeded' in record);
    // qwen2.5-coder-32b was paused, not retired; gpt-4o is missing but within its grace.
    expect(metrics).toMatchObject({ ModelsPaused: 1, ModelsIgnored: 2, ModelsRetired: 0 });
    const runs = await harness.recordedRuns();
    expect(runs.at(-1)?.options).toMatchObject({ includeTeamModels: true, excludeModels: ['gpt-*'], retireAfterMissedRuns: 2 });
  });
});

describe('the catalog settings in the function configuration', () => {
  const base = {
    LITELLM_API_URL: 'https://litellm:4000',
    LITELLM_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:k-AbCdEf',
    DB_CLUSTER_ARN: 'arn:aws:rds:eu-west-1:123456789012:cluster:litemaas',
    DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
    DB_NAME: 'litemaas',
  };
  const budgets = {
    litellmRetry: { timeoutMs: 1000, maxAttempts: 1, backoffBaseMs: 1 },
    resumePolicy: { budgetMs: 1000, delayMs: 100 },
    dataApi: { requestTimeoutMs: 1000, maxAttempts: 1 },
  } as unknown as Parameters<typeof readSyncConfig>[1];

  it.each([
    [{ SYNC_INCLUDE: 'gpt-*,,x' }, /SYNC_INCLUDE has an empty item/],
    [{ SYNC_EXCLUDE: ',' }, /SYNC_EXCLUDE has an empty item/],
    [{ SYNC_NEW_MODELS_RESTRICTED: '1' }, /SYNC_NEW_MODELS_RESTRICTED must be true or false/],
    [{ SYNC_RETIRE_AFTER_MISSED_RUNS: '0' }, /SYNC_RETIRE_AFTER_MISSED_RUNS must be an integer from 1/],
    [{ LITELLM_MAX_RESPONSE_BYTES: '10' }, /LITELLM_MAX_RESPONSE_BYTES must be an integer from 1000000/],
  ])('It should refuse %j with a message naming the variable', (extra, message) => {
    expect(() => readSyncConfig({ ...base, ...extra }, budgets)).toThrow(message);
  });

  it('It should leave unset and empty variables to the library defaults', () => {
    const config = readSyncConfig({ ...base, SYNC_INCLUDE: '', SYNC_EXCLUDE: ' ' }, budgets);
    expect(config.catalog).toEqual({});
    expect(config.litellmMaxResponseBytes).toBe(50_000_000);
  });
});
