import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { startSyncHarness } from '../support/sync-harness.js';
import type { SyncHarness } from '../support/sync-harness.js';

let harness: SyncHarness;
const basic = readFixture('model-info-basic.json');
const schedule = { enabled: true, intervalMinutes: 60 };

beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.litellm.answer({ body: basic });
});

/** Counts the statements a session runs, to state the round trips of a read. */
function countStatements(db: { database: { execute: (...args: never[]) => unknown } }): { count: number } {
  const counter = { count: 0 };
  const original = db.database.execute.bind(db.database);
  db.database.execute = ((...args: never[]) => {
    counter.count += 1;
    return original(...args);
  });
  return counter;
}

describe('the sync status', () => {
  it('It should say that nothing ran yet on a migrated, empty database', async () => {
    // Prepare
    const db = await harness.freshDatabase();
    await db.service.migrate();

    // Act
    const status = await db.service.readStatus(schedule);

    // Assess
    expect(status).toMatchObject({
      lastRun: null,
      lastSuccessfulRun: null,
      minutesSinceLastSuccess: null,
      consecutiveFailures: 0,
      lastRunSkipped: false,
      models: { available: 0, unavailable: 0 },
      schedule,
    });
  });

  it('It should report the last run, the last success, consecutive failures and the models, in one round trip', async () => {
    // Prepare
    const db = await harness.freshDatabase();
    const success = await db.sync({ trigger: 'schedule' });
    harness.litellm.answer({ body: { data: (basic as { data: unknown[] }).data.slice(0, 3) } });
    await db.sync({ force: true });
    harness.litellm.answer({ status: 500, body: { error: 'down' } });
    await db.sync();
    const failed = await db.sync({ trigger: 'schedule' });
    const counter = countStatements(db);

    // Act
    const status = await db.service.readStatus(null);

    // Assess
    expect(counter.count).toBe(1);
    expect(status.lastRun).toMatchObject({ runId: failed.runId, trigger: 'schedule', status: 'failed', failureReason: 'litellm' });
    expect(status.lastSuccessfulRun).toMatchObject({ trigger: 'cli', status: 'succeeded' });
    expect(status.lastSuccessfulRun?.runId).not.toBe(success.runId);
    expect(status.consecutiveFailures).toBe(2);
    expect(status.minutesSinceLastSuccess).toBe(0);
    expect(status.models).toEqual({ available: 3, unavailable: 1 });
    expect(status.schedule).toBeNull();
    expect(Date.parse(status.checkedAt)).not.toBeNaN();
  });
});

describe('a run started before its work (Prefer: respond-async)', () => {
  it('It should be running first, then finished by the sync that gets its id', async () => {
    // Prepare
    const db = await harness.freshDatabase();
    await db.service.migrate();

    // Act
    const runId = await db.service.startRun({ trigger: 'manual', requestedBy: 'alice', options: { forceUpdate: true } });
    const running = await db.service.getRun(runId!);
    const second = await db.service.startRun({ trigger: 'manual', options: {} });
    const status = await db.service.readStatus(null);
    const result = await db.sync({ trigger: 'manual', requestedBy: 'alice', runId: runId!, forceUpdate: true });
    const finished = await db.service.getRun(runId!);

    // Assess
    expect(running).toMatchObject({ runId, status: 'running', finishedAt: null, requestedBy: 'alice', trigger: 'manual' });
    expect(second).toBeUndefined();
    expect(status.lastRun).toMatchObject({ runId, status: 'running', finishedAt: null });
    expect(result.runId).toBe(runId);
    expect(finished).toMatchObject({ runId, status: 'succeeded', newModels: 4, requestedBy: 'alice', startedAt: running?.startedAt });
    expect(finished?.finishedAt).toEqual(expect.any(String));
    expect(await db.runCount()).toBe(1);
  });

  it('It should roll back the work of a run that was given up before it finished, and keep it failed', async () => {
    // Prepare: the API marked the run failed (its invoke timed out), but Lambda ran it anyway.
    const db = await harness.freshDatabase();
    await db.service.migrate();
    const runId = await db.service.startRun({ trigger: 'manual', options: {} });
    await db.service.abandonRun(runId!, 'The background sync could not be started; try again.');

    // Act
    const result = await db.sync({ trigger: 'manual', runId: runId! });

    // Assess
    expect(result).toMatchObject({ success: false, failureReason: 'database', newModels: 0 });
    expect(result.errors.join(' ')).toMatch(/was ended before it finished.*rolled back/);
    expect(await db.models()).toEqual([]);
    expect(await db.service.getRun(runId!)).toMatchObject({ status: 'failed', errors: ['The background sync could not be started; try again.'] });
  });

  it('It should not start while another sync holds the lock', async () => {
    // Prepare
    const db = await harness.freshDatabase();
    await db.service.migrate();
    await db.client.query('BEGIN');
    await db.client.query('SELECT pg_advisory_xact_lock(7426117206)');

    // Act
    const runId = await db.service.startRun({ trigger: 'manual', options: {} });
    await db.client.query('ROLLBACK');

    // Assess
    expect(runId).toBeUndefined();
    expect(await db.runCount()).toBe(0);
  });

  it('It should show a run running for longer than any background work can take as failed (lost), and not let it block a start', async () => {
    // Prepare
    const db = await harness.freshDatabase();
    await db.service.migrate();
    const runId = await db.service.startRun({ trigger: 'manual', options: {} });
    await db.client.query("UPDATE model_sync_runs SET started_at = now() - interval '11 minutes' WHERE id = $1", [runId]);

    // Act
    const lost = await db.service.getRun(runId!);
    const status = await db.service.readStatus(null);
    const next = await db.service.startRun({ trigger: 'manual', options: {} });

    // Assess
    expect(lost).toMatchObject({ status: 'failed', failureReason: 'lost', finishedAt: null });
    expect(status.lastRun).toMatchObject({ runId, status: 'failed', failureReason: 'lost', finishedAt: null });
    expect(next).toEqual(expect.any(String));
  });

  it('It should keep a change-event failure with the run', async () => {
    // Prepare
    const db = await harness.freshDatabase();
    const result = await db.sync();

    // Act
    await db.service.recordEventsError(result.runId!, 'PutEvents failed: AccessDeniedException');

    // Assess
    expect(await db.service.getRun(result.runId!)).toMatchObject({ eventsError: 'PutEvents failed: AccessDeniedException' });
  });
});

describe('the events_error column', () => {
  it('It should be added by the migration to a run table created before it existed, and kept on re-runs', async () => {
    // Prepare
    const db = await harness.freshDatabase();
    await db.service.migrate();
    await db.client.query('ALTER TABLE model_sync_runs DROP COLUMN events_error');

    // Act
    await db.service.migrate();
    await db.service.migrate();

    // Assess
    const { rows } = await db.client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'model_sync_runs' AND column_name = 'events_error'",
    );
    expect(rows[0]?.n).toBe(1);
  });
});
