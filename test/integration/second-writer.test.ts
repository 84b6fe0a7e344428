import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { startSyncHarness } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';

// LiteMaaS v0.4 syncs the same table at every backend start (docs/litemaas.md, "Two writers").
// These tests play that second writer with the SQL its sync runs, straight on the database, and
// show what this service does on its next run: it puts every synced column back, restores what
// the other writer retired, and leaves LiteMaaS's own tables alone.

const basic = readFixture('model-info-basic.json');
let harness: SyncHarness;

beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.litellm.answer({ body: basic });
});

/** Every models row without `updated_at` (LiteMaaS's trigger sets it on any write, by anyone). */
async function syncedColumns(db: SyncFixture): Promise<Record<string, unknown>[]> {
  return (await db.models()).map(({ updated_at: _updatedAt, ...row }) => row);
}

/** The row version of every model: it changes on any write, so equal versions mean no write. */
async function rowVersions(db: SyncFixture): Promise<Record<string, string>> {
  const { rows } = await db.client.query<{ id: string; version: string }>('SELECT id, xmin::text AS version FROM models ORDER BY id');
  return Object.fromEntries(rows.map((row) => [row.id, row.version]));
}

/**
 * What LiteMaaS v0.4's `ModelSyncService` writes for a present model (backend/src/services/
 * model-sync.service.ts, `updateModel`): its own feature order ('chat' last), `context_length`
 * from `max_tokens`, and `litellm_params` unscrubbed (LiteLLM's partly masked key included).
 */
const LITEMAAS_REWRITE = `
  UPDATE models SET
    features = array_remove(features, 'chat') || ARRAY['chat']::text[],
    context_length = max_tokens,
    metadata = jsonb_set(metadata, '{litellm_params,api_key}', '"sk-1****cdef"'),
    version = '1.0',
    updated_at = CURRENT_TIMESTAMP`;

/**
 * What its `markModelUnavailable` does when LiteLLM briefly did not list a model (v0.4 has no
 * guard): the row becomes unavailable, and in the same transaction the model's active
 * subscriptions become inactive.
 */
async function litemaasRetires(db: SyncFixture, modelId: string): Promise<void> {
  await db.client.query('BEGIN');
  await db.client.query("UPDATE models SET availability = 'unavailable', updated_at = CURRENT_TIMESTAMP WHERE id = $1 AND availability != 'unavailable'", [modelId]);
  await db.client.query("UPDATE subscriptions SET status = 'inactive' WHERE model_id = $1 AND status = 'active'", [modelId]);
  await db.client.query('COMMIT');
}

/** The part of LiteMaaS's schema its cascade writes to (its real table has more columns). */
async function createSubscriptions(db: SyncFixture): Promise<void> {
  await db.client.query(`
    CREATE TABLE subscriptions (
      id SERIAL PRIMARY KEY,
      model_id VARCHAR(255) NOT NULL REFERENCES models(id),
      status VARCHAR(20) NOT NULL DEFAULT 'active'
    )`);
  await db.client.query("INSERT INTO subscriptions (model_id) VALUES ('gpt-4o'), ('gpt-4o'), ('claude-sonnet-4-5')");
}

describe('when LiteMaaS rewrote the rows behind its back', () => {
  it('It should put every synced column back, restore the retired model, and count each row as updated', async () => {
    // Prepare: a first sync, then LiteMaaS's own sync rewrites every row and retires one
    const db = await harness.freshDatabase();
    await db.sync();
    const synced = await syncedColumns(db);
    await createSubscriptions(db);
    await db.client.query(LITEMAAS_REWRITE);
    await litemaasRetires(db, 'gpt-4o');
    const rewritten = await syncedColumns(db);
    expect(rewritten).not.toEqual(synced);
    expect(rewritten.find((row) => row.id === 'gpt-4o')).toMatchObject({ availability: 'unavailable', context_length: 16384 });

    // Act
    const result = await db.sync();

    // Assess: the rows are exactly what the first sync wrote
    expect(await syncedColumns(db)).toEqual(synced);
    expect(result).toMatchObject({ success: true, newModels: 0, updatedModels: 4, restoredModels: 1, unavailableModels: 0, unchangedModels: 0 });
    expect(result.changes.updated.slice().sort()).toEqual(synced.map((row) => row.id));
    expect(result.changes.restored).toEqual(['gpt-4o']);
    const run = await db.service.getRun(result.runId ?? '');
    expect(run).toMatchObject({ status: 'succeeded', updatedModels: 4, restoredModels: 1 });
  });

  it('It should not store the key LiteMaaS copied into metadata', async () => {
    // Prepare
    const db = await harness.freshDatabase();
    await db.sync();
    await db.client.query(LITEMAAS_REWRITE);

    // Act
    await db.sync();

    // Assess
    const { rows } = await db.client.query<{ leaked: number }>(
      "SELECT count(*)::int AS leaked FROM models WHERE metadata -> 'litellm_params' ? 'api_key'",
    );
    expect(rows[0]?.leaked).toBe(0);
  });

  it('It should write nothing on the run after that', async () => {
    // Prepare
    const db = await harness.freshDatabase();
    await db.sync();
    await db.client.query(LITEMAAS_REWRITE);
    await db.sync();
    const rows = await db.models();
    const versions = await rowVersions(db);

    // Act
    const result = await db.sync();

    // Assess: no row written at all, not even updated_at
    expect(result).toMatchObject({ success: true, newModels: 0, updatedModels: 0, restoredModels: 0, unavailableModels: 0, unchangedModels: 4 });
    expect(await db.models()).toEqual(rows);
    expect(await rowVersions(db)).toEqual(versions);
  });

  it("It should leave LiteMaaS's cascade alone: subscriptions it deactivated stay inactive", async () => {
    // Prepare
    const db = await harness.freshDatabase();
    await db.sync();
    await createSubscriptions(db);
    await litemaasRetires(db, 'gpt-4o');

    // Act
    const result = await db.sync();

    // Assess: the model is available again, but this service never writes another table
    expect(result.changes.restored).toEqual(['gpt-4o']);
    const { rows } = await db.client.query<{ model_id: string; status: string }>('SELECT model_id, status FROM subscriptions ORDER BY id');
    expect(rows).toEqual([
      { model_id: 'gpt-4o', status: 'inactive' },
      { model_id: 'gpt-4o', status: 'inactive' },
      { model_id: 'claude-sonnet-4-5', status: 'active' },
    ]);
  });
});
