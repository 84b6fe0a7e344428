import { DatabaseResumingException } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeploySyncOutcome } from '../../functions/deploy-sync.js';
import { holdSyncLock } from '../support/sync-lock.js';
import { startHarness } from './helpers/harness.js';
import type { FunctionHarness } from './helpers/harness.js';
import { lambdaContext } from './helpers/lambda-context.js';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<DeploySyncOutcome>;

// 1.5 s per call: one 1 s wait fits, the second does not, so two faults reach the handler's own retry.
let harness: FunctionHarness;
let handler: Handler;
beforeAll(async () => {
  harness = await startHarness({ secretString: JSON.stringify({ apiKey: 'sk-deploy-key' }), env: { DB_RESUME_BUDGET_MS: '1500' } });
  ({ handler } = await import('../../functions/deploy-sync.js'));
});
afterAll(() => harness.stop());
beforeEach(() => harness.reset());

/** What the CDK trigger sends (the function ignores it). */
const triggerEvent = { RequestType: 'Create', ResourceProperties: { HandlerArn: 'arn:aws:lambda:eu-west-1:123456789012:function:deploy-sync' } };

async function tableExists(name: string): Promise<boolean> {
  const { rows } = await harness.postgres.client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [name]);
  return rows[0]?.found === true;
}

describe('deploy-time sync', () => {
  it('It should apply the migrations through a resuming database, then sync with trigger deploy', async () => {
    // Prepare: a fresh database that is still resuming for the first two calls.
    harness.dataApi.injectFault({
      error: () => new DatabaseResumingException({ message: 'The database is resuming', $metadata: {} }),
      times: 2,
    });

    // Act
    const outcome = await handler(triggerEvent, lambdaContext('model-sync-deploy', 120_000));

    // Assess
    expect(outcome).toMatchObject({ migrated: true, synced: true });
    expect(typeof outcome.runId).toBe('string');
    expect(await tableExists('model_sync_runs')).toBe(true);
    expect(harness.dataApi.calls.filter((call) => call.faulted)).toHaveLength(2);
    expect(harness.output.records().some((record) => record.message === 'Retrying the migrations')).toBe(true);
    expect(harness.litellm.requests.at(-1)?.authorization).toBe('Bearer sk-deploy-key');
    expect((await harness.recordedRuns()).at(-1)).toMatchObject({ id: outcome.runId, trigger: 'deploy', status: 'succeeded' });
  }, 20_000);

  it('It should fail the deployment with the reason when the sync fails', async () => {
    // Prepare
    harness.litellm.answer({ status: 404, body: { detail: 'Not Found' } });
    const before = await harness.models();

    // Act
    const invocation = handler(triggerEvent, lambdaContext('model-sync-deploy', 120_000));

    // Assess
    await expect(invocation).rejects.toThrow(/reason litellm: LiteLLM answered HTTP 404/);
    expect(await harness.models()).toEqual(before);
  });

  // With a 1.5 s resume budget: one migration try ≤ 1.5 + 5 = 6.5 s, one sync try ≤ 31.5 (LiteLLM
  // defaults) + 1.5 + 5 = 38 s, so a migration try starts only while 44.5 s remain.
  it('It should fail the deployment when the migrations cannot take the lock before the deadline', async () => {
    // Prepare: time for a first try (44.5 s) but not for a second after the 5 s wait.
    const lock = await holdSyncLock(harness.postgres.client);

    // Act
    const invocation = handler(triggerEvent, lambdaContext('model-sync-deploy', 47_000));

    // Assess
    try {
      await expect(invocation).rejects.toThrow(/another sync is running/);
    } finally {
      await lock.release(); // never leave the shared client inside a transaction
    }
    expect(harness.output.records().some((record) => record.message === 'Invocation failed')).toBe(true);
  });

  it('It should fail at once, saying to raise the timeout, when not even the first try fits', async () => {
    // Prepare
    const callsBefore = harness.dataApi.calls.length;

    // Act
    const invocation = handler(triggerEvent, lambdaContext('model-sync-deploy', 20_000));

    // Assess: no statement was started that the deadline would have cut short.
    await expect(invocation).rejects.toThrow(/Not enough time left for the migrations: .* Raise the function timeout/);
    expect(harness.dataApi.calls.length).toBe(callsBefore);
  });
});
