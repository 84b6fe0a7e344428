import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { downgradeToVersion01, startSyncHarness } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';

let harness: SyncHarness;

/** The DDL LiteMaaS itself runs (backend/src/lib/database-migrations.ts, v0.4 line), abridged to `models`. */
const LITEMAAS_DDL = `
CREATE TABLE IF NOT EXISTS models (
  id VARCHAR(255) PRIMARY KEY, name VARCHAR(255) NOT NULL, provider VARCHAR(100) NOT NULL,
  description TEXT, category VARCHAR(100), context_length INTEGER,
  input_cost_per_token DECIMAL(15,10), output_cost_per_token DECIMAL(15,10),
  supports_vision BOOLEAN DEFAULT false, supports_function_calling BOOLEAN DEFAULT false,
  supports_tool_choice BOOLEAN DEFAULT false, supports_parallel_function_calling BOOLEAN DEFAULT false,
  supports_streaming BOOLEAN DEFAULT true, features TEXT[], availability VARCHAR(50) DEFAULT 'available',
  version VARCHAR(50), metadata JSONB DEFAULT '{}', api_base VARCHAR(500), tpm INTEGER, rpm INTEGER,
  max_tokens INTEGER, litellm_model_id VARCHAR(255),
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);
CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS TRIGGER AS $$
BEGIN NEW.updated_at = CURRENT_TIMESTAMP; RETURN NEW; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER update_models_updated_at BEFORE UPDATE ON models FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
ALTER TABLE models ADD COLUMN IF NOT EXISTS backend_model_name VARCHAR(255);
ALTER TABLE models ADD COLUMN IF NOT EXISTS restricted_access BOOLEAN DEFAULT false;
ALTER TABLE models ADD COLUMN IF NOT EXISTS encrypted_api_key TEXT;
CREATE INDEX IF NOT EXISTS idx_models_provider ON models(provider);
CREATE TABLE subscriptions (id SERIAL PRIMARY KEY, model_id VARCHAR(255) REFERENCES models(id));
`;

const EXPECTED_COLUMNS = [
  'id character varying 255 NO -',
  'name character varying 255 NO -',
  'provider character varying 100 NO -',
  'description text - YES -',
  'category character varying 100 YES -',
  'context_length integer - YES -',
  'input_cost_per_token numeric - YES -',
  'output_cost_per_token numeric - YES -',
  'supports_vision boolean - YES false',
  'supports_function_calling boolean - YES false',
  'supports_tool_choice boolean - YES false',
  'supports_parallel_function_calling boolean - YES false',
  'supports_streaming boolean - YES true',
  'features ARRAY - YES -',
  "availability character varying 50 YES 'available'::character varying",
  'version character varying 50 YES -',
  "metadata jsonb - YES '{}'::jsonb",
  'api_base character varying 500 YES -',
  'tpm integer - YES -',
  'rpm integer - YES -',
  'max_tokens integer - YES -',
  'litellm_model_id character varying 255 YES -',
  'created_at timestamp with time zone - YES CURRENT_TIMESTAMP',
  'updated_at timestamp with time zone - YES CURRENT_TIMESTAMP',
  'backend_model_name character varying 255 YES -',
  'restricted_access boolean - YES false',
  'encrypted_api_key text - YES -',
];

async function columnsOf(db: SyncFixture, table: string): Promise<string[]> {
  const { rows } = await db.client.query<{ line: string }>(
    `SELECT concat_ws(' ', column_name, data_type, coalesce(character_maximum_length::text, '-'), is_nullable,
       coalesce(column_default, '-')) AS line
     FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((row) => row.line);
}

async function schemaSnapshot(db: SyncFixture): Promise<unknown> {
  const indexes = await db.client.query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname");
  const triggers = await db.client.query("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname");
  const tables = await db.client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  return { columns: await columnsOf(db, 'models'), indexes: indexes.rows, triggers: triggers.rows, tables: tables.rows };
}

beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(() => harness.close());

describe('migrations on an empty database', () => {
  it('It should create the LiteMaaS models table exactly, with its indexes and trigger, and our tables', async () => {
    const db = await harness.freshDatabase();
    await db.service.migrate();
    expect(await columnsOf(db, 'models')).toEqual(EXPECTED_COLUMNS);
    const snapshot = (await schemaSnapshot(db)) as { indexes: { indexname: string }[]; triggers: unknown[]; tables: unknown[] };
    expect(snapshot.indexes.map((index) => index.indexname)).toEqual(
      expect.arrayContaining([
        'idx_models_availability',
        'idx_models_category',
        'idx_models_litellm_model_id',
        'idx_models_provider',
        'idx_models_restricted_access',
        'models_pkey',
      ]),
    );
    expect(snapshot.triggers).toEqual([{ tgname: 'update_models_updated_at' }]);
    expect(snapshot.tables).toEqual([
      { tablename: 'model_sync_changes' },
      { tablename: 'model_sync_fingerprints' },
      { tablename: 'model_sync_missing' },
      { tablename: 'model_sync_runs' },
      { tablename: 'models' },
    ]);
    const comment = await db.client.query<{ comment: string | null }>(
      "SELECT col_description('models'::regclass, attnum) AS comment FROM pg_attribute WHERE attrelid = 'models'::regclass AND attname = 'restricted_access'",
    );
    expect(comment.rows).toEqual([{ comment: 'When true, subscriptions require admin approval' }]);
  });

  it('It should be idempotent', async () => {
    const db = await harness.freshDatabase();
    await db.service.migrate();
    const first = await schemaSnapshot(db);
    await db.service.migrate();
    await db.service.migrate();
    expect(await schemaSnapshot(db)).toEqual(first);
  });

  it('It should give an updated_at trigger that moves on update', async () => {
    const db = await harness.freshDatabase();
    await db.service.migrate();
    await db.client.query("INSERT INTO models (id, name, provider, updated_at) VALUES ('m', 'm', 'p', '2020-01-01')");
    await db.client.query("UPDATE models SET category = 'x' WHERE id = 'm'");
    const { rows } = await db.client.query<{ moved: boolean }>("SELECT updated_at > '2021-01-01' AS moved FROM models");
    expect(rows[0]?.moved).toBe(true);
  });
});

describe('migrations on a database of an earlier model-sync version', () => {
  it('It should replace the fingerprint cache of the older shape, and the sync works on', async () => {
    const db = await harness.freshDatabase();
    await db.service.migrate();
    await db.client.query(`
      DROP TABLE model_sync_fingerprints;
      CREATE TABLE model_sync_fingerprints (model_id VARCHAR(255) PRIMARY KEY, source_fingerprint TEXT NOT NULL, row_hash TEXT NOT NULL);
      CREATE FUNCTION model_sync_row_hash(m models) RETURNS text LANGUAGE sql STABLE AS $$ SELECT md5(m.id) $$;`);
    harness.litellm.answer({ body: readFixture('model-info-basic.json') });
    expect(await db.sync()).toMatchObject({ success: true, newModels: 4 });
    expect(await db.sync()).toMatchObject({ success: true, updatedModels: 0, unchangedModels: 4 });
    const leftovers = await db.client.query("SELECT 1 FROM pg_proc WHERE proname = 'model_sync_row_hash'");
    expect(leftovers.rowCount).toBe(0);
  });
});

describe('migrations on a run history of an earlier model-sync version', () => {
  it('It should add the paused and ignored counts, and older runs read back with empty lists', async () => {
    const db = await harness.freshDatabase();
    harness.litellm.answer({ body: readFixture('model-info-basic.json') });
    const old = await db.sync();
    await downgradeToVersion01(db.client);
    await db.service.migrate();
    expect(await db.service.getRun(old.runId ?? '')).toMatchObject({
      pausedModels: 0,
      ignoredModels: 0,
      ignored: [],
      changes: { added: old.changes.added, paused: [], missing: [] },
    });
    expect(await db.sync()).toMatchObject({ success: true, unchangedModels: 4 });
  });
});

describe('migrations on an existing LiteMaaS database', () => {
  async function liteMaaSDatabase(): Promise<SyncFixture> {
    const db = await harness.freshDatabase();
    await db.client.query(LITEMAAS_DDL);
    await db.client.query(`
      INSERT INTO models (id, name, provider, description, restricted_access, encrypted_api_key, features, availability)
      VALUES ('gpt-4o', 'gpt-4o', 'openai', 'Curated by the admins', true, 'enc:v1:abc', ARRAY['chat','vision','function_calling'], 'available'),
             ('legacy-model', 'legacy-model', 'openai', NULL, false, NULL, ARRAY['chat'], 'available');
      INSERT INTO subscriptions (model_id) VALUES ('legacy-model');`);
    return db;
  }

  it('It should keep every existing row and column', async () => {
    const db = await liteMaaSDatabase();
    const before = await db.models();
    await db.service.migrate();
    expect(await db.models()).toEqual(before);
    expect(await columnsOf(db, 'models')).toEqual(EXPECTED_COLUMNS);
  });

  it('It should let the sync adopt rows LiteMaaS wrote, keeping what admins own', async () => {
    const db = await liteMaaSDatabase();
    harness.litellm.answer({ body: readFixture('model-info-basic.json') });
    const result = await db.sync({ force: true }); // legacy-model is 1 of 2: retiring it is 50%, allowed
    expect(result).toMatchObject({ success: true, newModels: 3, updatedModels: 1, unavailableModels: 1 });
    const rows = await db.models();
    expect(rows.find((row) => row.id === 'gpt-4o')).toMatchObject({
      description: 'Curated by the admins',
      restricted_access: true,
      encrypted_api_key: 'enc:v1:abc',
      features: ['chat', 'function_calling', 'tool_choice', 'vision'],
    });
    // Never deleted: a subscription still references it.
    expect(rows.find((row) => row.id === 'legacy-model')?.availability).toBe('unavailable');
  });

  it('It should add columns an older LiteMaaS table lacks', async () => {
    const db = await harness.freshDatabase();
    await db.client.query(LITEMAAS_DDL.split('ALTER TABLE')[0] ?? '');
    await db.service.migrate();
    expect(await columnsOf(db, 'models')).toEqual(EXPECTED_COLUMNS);
  });

  it('It should not wait for a LiteMaaS transaction that is writing models', async () => {
    const db = await liteMaaSDatabase();
    await db.service.migrate();
    await db.client.query('BEGIN');
    await db.client.query("UPDATE models SET category = 'busy' WHERE id = 'gpt-4o'");
    const outcome = await Promise.race([
      db.service.migrate().then(() => 'migrated'),
      sleep(15_000, 'blocked'),
    ]);
    await db.client.query('ROLLBACK');
    expect(outcome).toBe('migrated');
  });
});
