import { AccessDeniedException, DatabaseResumingException } from '@aws-sdk/client-rds-data';
import { GetSecretValueCommand, InternalServiceError } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../functions/commons/observability/observability-names.js';
import { readFixture } from '../support/fixtures.js';
import type { DeploySyncOutcome } from '../../functions/deploy-sync.js';
import { holdSyncLock } from '../support/sync-lock.js';
import { LITELLM_KEY_SECRET_ARN, loadHandler, useFunctionHarness } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<DeploySyncOutcome>;

// 1.5 s per call: one 1 s wait fits, the second does not, so two faults reach the handler's own retry.
const harness = useFunctionHarness({ secretString: JSON.stringify({ apiKey: 'sk-deploy-key' }), env: { DB_RESUME_BUDGET_MS: '1500' } });
let handler: Handler;
beforeAll(async () => {
  handler = await loadHandler<Handler>('deploy-sync');
});

/** What the CDK trigger sends (the function ignores it). */
const triggerEvent = { RequestType: 'Create', ResourceProperties: { HandlerArn: 'arn:aws:lambda:eu-west-1:123456789012:function:deploy-sync' } };

function metricBlobs(): Record<string, unknown>[] {
  return harness.output.records().filter((record) => '_aws' in record);
}

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

  it.each([
    [
      'LiteLLM fails',
      'litellm',
      async () => {
        await Promise.resolve();
        harness.litellm.answer({ status: 404, body: { detail: 'Not Found' } });
      },
      /reason litellm: LiteLLM answered HTTP 404/,
    ],
    [
      'the guard refuses',
      'guard',
      async () => {
        await Promise.resolve();
        harness.litellm.answer({ body: { data: readFixture('model-info-basic.json').data.slice(0, 1) } });
      },
      /reason guard/,
    ],
    [
      'the database refuses the sync',
      'database',
      async () => {
        // Models to add, so the sync opens a transaction, which the database refuses (the
        // migrations open none, so they still pass).
        await harness.postgres.client.query('DELETE FROM models');
        harness.dataApi.injectFault({
          error: () => new AccessDeniedException({ message: 'not authorized', $metadata: {} }),
          operations: ['BeginTransaction'],
          times: 1,
        });
      },
      /reason database/,
    ],
  ])('It should let the deployment succeed when %s, and record, log and count the failed sync', async (_case, reason, arrange, message) => {
    // Prepare: the migrations ran in the first test; this sync's first statement is the plan.
    await handler(triggerEvent, lambdaContext('model-sync-deploy', 120_000)); // all four models available
    harness.output.clear();
    await arrange();
    const before = await harness.models();

    // Act
    const outcome = await handler(triggerEvent, lambdaContext('model-sync-deploy', 120_000));

    // Assess
    expect(outcome).toMatchObject({ migrated: true, synced: false });
    expect(outcome.reason).toMatch(message);
    expect(await harness.models()).toEqual(before);
    expect((await harness.recordedRuns()).at(-1)).toMatchObject({ trigger: 'deploy', status: 'failed', failure_reason: reason });
    expect(harness.output.records().find((record) => record.message === 'Model sync failed')).toMatchObject({ failureReason: reason });
    expect(metricBlobs().some((blob) => blob[METRIC_NAMES.syncFailed] === 1)).toBe(true);
  });

  it('It should let the deployment succeed, log and count a failure when the LiteLLM key cannot be read', async () => {
    // Prepare: a secret no earlier test read, so no cached key answers for it.
    const unreadable = `${LITELLM_KEY_SECRET_ARN}-unreadable`;
    harness.secrets
      .on(GetSecretValueCommand, { SecretId: unreadable })
      .rejects(new InternalServiceError({ message: 'Secrets Manager is unavailable', $metadata: {} }));
    process.env.LITELLM_API_KEY_SECRET_ARN = unreadable;
    const fresh = await loadHandler<Handler>('deploy-sync');
    process.env.LITELLM_API_KEY_SECRET_ARN = LITELLM_KEY_SECRET_ARN;
    const requestsBefore = harness.litellm.requests.length;

    // Act
    const outcome = await fresh(triggerEvent, lambdaContext('model-sync-deploy', 120_000));

    // Assess
    expect(outcome).toMatchObject({ migrated: true, synced: false });
    expect(outcome.reason).toContain('function logs');
    expect(harness.litellm.requests.length).toBe(requestsBefore);
    expect(harness.output.records().find((record) => record.message === 'Model sync failed')).toMatchObject({ trigger: 'deploy' });
    expect(metricBlobs().some((blob) => blob[METRIC_NAMES.syncFailed] === 1)).toBe(true);
  });

  it('It should apply the migrations only when DEPLOY_SYNC=false', async () => {
    // Prepare
    process.env.DEPLOY_SYNC = 'false';
    const migrateOnly = await loadHandler<Handler>('deploy-sync');
    delete process.env.DEPLOY_SYNC;
    const runsBefore = (await harness.recordedRuns()).length;
    const requestsBefore = harness.litellm.requests.length;
    const migrations = harness.dataApi.calls.length;

    // Act
    const outcome = await migrateOnly(triggerEvent, lambdaContext('model-sync-deploy', 120_000));

    // Assess
    expect(outcome).toMatchObject({ migrated: true, synced: false });
    expect(outcome.reason).toContain('DEPLOY_SYNC=false');
    expect(harness.dataApi.calls.length).toBeGreaterThan(migrations);
    expect(harness.litellm.requests.length).toBe(requestsBefore);
    expect(await harness.recordedRuns()).toHaveLength(runsBefore);
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
