import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { describe, expect, it } from 'vitest';
import { createDataApiDatabase } from '../../lib/db/data-api/database.js';
import { createSyncService } from '../../lib/sync/service.js';
import type { SyncServiceSettings } from '../../lib/sync/service.js';
import type { SyncRequest } from '../../lib/sync/types.js';
import { countRoundTrips } from '../support/counting-database.js';
import { startDataApiEmulator } from '../support/data-api-emulator.js';
import { readFixture } from '../support/fixtures.js';
import { useSyncHarness, TEST_KEY } from '../support/sync-harness.js';
import type { SyncFixture } from '../support/sync-harness.js';
import { holdSyncLock } from '../support/sync-lock.js';

/**
 * What a sync costs in database round trips (each one an HTTPS call over the Data API), counted
 * on a real PostgreSQL: the hourly sync of an unchanged catalog is one statement.
 */
const basic = readFixture('model-info-basic.json');
// Paused deployments, a paused name never published, a wildcard route and a team-only model.
const fidelity = readFixture('model-info-2026.json');

type Entry = { model_name: string; model_info: Record<string, unknown> };

function entries(body: { data: unknown[] }): Entry[] {
  return body.data as Entry[];
}

/** A service on `db` whose database port counts round trips; the schema is migrated first. */
async function countedService(db: SyncFixture, settings: Partial<SyncServiceSettings> = {}) {
  await db.service.migrate();
  const database = countRoundTrips(db.database);
  const service = createSyncService({ database, litellmUrl: harness().litellm.url, ...settings });
  const sync = (request: Partial<SyncRequest> = {}) =>
    service.syncModels({ trigger: 'schedule', ...request }, { litellmApiKey: TEST_KEY });
  /** Syncs and returns the result with the round trips and statements it took. */
  const counted = async (request: Partial<SyncRequest> = {}) => {
    database.roundTrips = 0;
    database.statements = [];
    const result = await sync(request);
    return { result, roundTrips: database.roundTrips, statements: [...database.statements] };
  };
  return { service, sync, counted };
}

const harness = useSyncHarness(() => basic);

describe('A re-sync of an unchanged catalog', () => {
  it('It should take one round trip, the plan, which also records the run', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    const { service, sync, counted } = await countedService(db);
    await sync();
    const before = await db.models();

    // Act
    const { result, roundTrips, statements } = await counted();

    // Assess
    expect(roundTrips).toBe(1);
    expect(statements).toEqual(['plan-sync']);
    expect(result).toMatchObject({ success: true, totalModels: 4, unchangedModels: 4, newModels: 0, updatedModels: 0 });
    expect(result.runId).toEqual(expect.any(String));
    expect(await service.getRun(result.runId ?? '')).toMatchObject({
      runId: result.runId,
      trigger: 'schedule',
      status: 'succeeded',
      startedAt: result.syncedAt,
      durationMs: result.durationMs,
      totalModels: 4,
      unchangedModels: 4,
      changes: result.changes,
      ignored: [],
      errors: [],
    });
    expect(await db.runCount()).toBe(2);
    expect(await db.models()).toEqual(before);
  });

  it('It should stay at one round trip with paused, never-published, ignored entries and the retirement grace', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    const { service, sync, counted } = await countedService(db, { retireAfterMissedRuns: 3 });
    harness().litellm.answer({ body: fidelity });
    await sync();

    // Act
    const { result, roundTrips } = await counted();

    // Assess: the ignored list, paused-new included, is recorded as the result reports it.
    expect(roundTrips).toBe(1);
    expect(result).toMatchObject({ success: true, unchangedModels: 2, ignoredModels: 3 });
    expect(result.ignored).toEqual([
      { model: 'anthropic/*', reason: 'wildcard' },
      { model: 'finance-llama-8b', reason: 'team-only' },
      { model: 'qwen2.5-coder-32b', reason: 'paused-new' },
    ]);
    expect(await service.getRun(result.runId ?? '')).toMatchObject({ status: 'succeeded', ignoredModels: 3, ignored: result.ignored });
  });

  it('It should stay at one round trip for a paused model whose row is already unavailable', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    const { service, sync, counted } = await countedService(db);
    await sync();
    const paused = entries(basic).map((entry) =>
      entry.model_name === 'gpt-4o' ? { ...entry, model_info: { ...entry.model_info, blocked: true } } : entry,
    );
    harness().litellm.answer({ body: { data: paused } });
    expect((await sync()).pausedModels).toBe(1);

    // Act
    const { result, roundTrips } = await counted();

    // Assess
    expect(roundTrips).toBe(1);
    expect(result).toMatchObject({ success: true, pausedModels: 0, unavailableModels: 0, unchangedModels: 3, ignored: [] });
    // The plan was sent with gpt-4o listed as never published, in case it had no row: it has one.
    expect(await service.getRun(result.runId ?? '')).toMatchObject({ status: 'succeeded', ignoredModels: 0, ignored: [] });
  });

  it('It should record a catalog with bad entries as failed, with its errors, in one round trip', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    const { service, sync, counted } = await countedService(db);
    harness().litellm.answer({ body: { data: [...entries(basic), { model_info: { id: 'no-name' } }] } });
    await sync();

    // Act
    const { result, roundTrips } = await counted();

    // Assess
    expect(roundTrips).toBe(1);
    expect(result).toMatchObject({ success: false, unchangedModels: 4 });
    expect(result.errors).toHaveLength(1);
    expect(await service.getRun(result.runId ?? '')).toMatchObject({ status: 'failed', errors: result.errors });
  });

  it('It should complete a run started in the background in one round trip', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    const { service, sync, counted } = await countedService(db);
    await sync();
    const runId = await service.startRun({ trigger: 'manual', requestedBy: 'alice', options: {} });

    // Act
    const { result, roundTrips } = await counted({ trigger: 'manual', runId: runId! });

    // Assess
    expect(roundTrips).toBe(1);
    expect(result).toMatchObject({ success: true, runId });
    expect(await service.getRun(runId!)).toMatchObject({ status: 'succeeded', requestedBy: 'alice', unchangedModels: 4 });
    expect(await db.runCount()).toBe(2);
  });

  it('It should not complete a background run that was given up, and say so', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    const { service, sync } = await countedService(db);
    await sync();
    const runId = await service.startRun({ trigger: 'manual', options: {} });
    await service.abandonRun(runId!, 'The background sync could not be started; try again.');

    // Act
    const result = await sync({ trigger: 'manual', runId: runId! });

    // Assess
    expect(result).toMatchObject({ success: false, failureReason: 'database' });
    expect(result.errors.join(' ')).toMatch(/was ended before it finished/);
    expect(await service.getRun(runId!)).toMatchObject({ status: 'failed', errors: ['The background sync could not be started; try again.'] });
  });

  it('It should record nothing for a dry run, in one round trip', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    const { sync, counted } = await countedService(db);
    await sync();

    // Act
    const { result, roundTrips } = await counted({ dryRun: true });

    // Assess
    expect(roundTrips).toBe(1);
    expect(result).toMatchObject({ success: true, dryRun: true, unchangedModels: 4 });
    expect(result.runId).toBeUndefined();
    expect(await db.runCount()).toBe(1);
  });

  it('It should be skipped while another sync holds the lock, and record the run as skipped', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    const { service, sync } = await countedService(db);
    await sync();
    const lock = await holdSyncLock(db.client);

    // Act
    let result;
    try {
      result = await sync();
    } finally {
      await lock.release();
    }

    // Assess
    expect(result).toMatchObject({ success: false, skipped: true, failureReason: 'busy' });
    expect(await service.getRun(result.runId ?? '')).toMatchObject({ status: 'skipped' });
  });

  it('It should refuse an empty catalog (the guard) and record the run as failed, not succeeded', async () => {
    // Prepare: an empty table and an empty catalog: nothing differs, yet the guard must refuse.
    const db = await harness().freshDatabase();
    const { service, counted } = await countedService(db);
    harness().litellm.answer({ body: { data: [] } });

    // Act
    const { result } = await counted();

    // Assess
    expect(result).toMatchObject({ success: false, failureReason: 'guard' });
    expect(await service.listRuns(5)).toEqual([expect.objectContaining({ runId: result.runId, status: 'failed' })]);
  });
});

describe('A sync of a changed catalog', () => {
  it('It should take the plan, then begin, one upsert, the record and commit: five round trips', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    const { counted } = await countedService(db);

    // Act
    const first = await counted();

    // Assess
    expect(first.result).toMatchObject({ success: true, newModels: 4 });
    expect(first.statements).toEqual(['plan-sync', 'upsert-models', 'record-run']);
    expect(first.roundTrips).toBe(5);
  });

  it('It should take six round trips when models change and others go: one upsert and one retirement', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    const { sync, counted } = await countedService(db);
    await sync();
    const changed = entries(basic)
      .filter((entry) => entry.model_name !== 'qwen2.5-coder-32b')
      .map((entry) => (entry.model_name === 'gpt-4o' ? { ...entry, model_info: { ...entry.model_info, max_tokens: 1 } } : entry));
    harness().litellm.answer({ body: { data: changed } });

    // Act
    const { result, roundTrips, statements } = await counted();

    // Assess
    expect(result).toMatchObject({ success: true, updatedModels: 1, unavailableModels: 1 });
    expect(statements).toEqual(['plan-sync', 'upsert-models', 'reconcile-missing-models', 'record-run']);
    expect(roundTrips).toBe(6);
  });

  it('It should take five round trips while the retirement grace counts a missing model', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    const { sync, counted } = await countedService(db, { retireAfterMissedRuns: 3 });
    await sync();
    harness().litellm.answer({ body: { data: entries(basic).filter((entry) => entry.model_name !== 'gpt-4o') } });

    // Act
    const { result, roundTrips } = await counted();

    // Assess
    expect(result).toMatchObject({ success: true, unavailableModels: 0, changes: { missing: ['gpt-4o'] } });
    expect(roundTrips).toBe(5);
  });
});

describe('A re-sync of an unchanged catalog through the Data API', () => {
  it('It should send a single ExecuteStatement and no transaction calls', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    await db.sync();
    const dataApi = startDataApiEmulator(db.url);
    try {
      const database = createDataApiDatabase(new RDSDataClient({ region: 'eu-west-1' }), {
        clusterArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:litemaas',
        secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
        database: 'litemaas',
      });
      const service = createSyncService({ database, litellmUrl: harness().litellm.url });

      // Act
      const result = await service.syncModels({ trigger: 'schedule' }, { litellmApiKey: TEST_KEY });

      // Assess
      expect(result).toMatchObject({ success: true, unchangedModels: 4 });
      expect(dataApi.calls.map((call) => call.operation)).toEqual(['ExecuteStatement']);
      expect(await db.runCount()).toBe(2);
    } finally {
      await dataApi.close();
    }
  });
});
