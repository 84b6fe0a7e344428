import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../../lib/db/postgres/database.js';
import { createSyncService } from '../../lib/sync/service.js';
import type { SyncTrigger } from '../../lib/sync/types.js';
import { readFixture } from '../support/fixtures.js';
import { freshDatabasePerTest, TEST_KEY } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';

// LiteMaaS's audit log as its migrations create it (backend/src/lib/database-migrations.ts, v0.4;
// docs/contract.md §8), next to a minimal users table for the foreign key.
const LITEMAAS_AUDIT_DDL = `
CREATE TABLE users (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), username VARCHAR(255) NOT NULL);
CREATE TABLE IF NOT EXISTS audit_logs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES users(id),
    action VARCHAR(100) NOT NULL,
    resource_type VARCHAR(50) NOT NULL,
    resource_id VARCHAR(255),
    old_values JSONB,
    new_values JSONB,
    ip_address INET,
    user_agent TEXT,
    session_id VARCHAR(255),
    success BOOLEAN DEFAULT true,
    error_message TEXT,
    metadata JSONB DEFAULT '{}',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);`;

interface AuditRow {
  user_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  success: boolean;
  error_message: string | null;
  metadata: Record<string, unknown>;
}

const basic = readFixture('model-info-basic.json') as { data: { model_name: string }[] };
const ADMIN_ID = randomUUID();

const perTest = freshDatabasePerTest(() => basic, async (fresh) => {
  await fresh.client.query(LITEMAAS_AUDIT_DDL);
  await fresh.client.query(`INSERT INTO users (id, username) VALUES ($1, 'admin')`, [ADMIN_ID]);
});
let harness: SyncHarness;
let db: SyncFixture;
beforeEach(() => {
  ({ harness, db } = { harness: perTest.harness(), db: perTest.db() });
});

async function auditRows(): Promise<AuditRow[]> {
  const { rows } = await db.client.query<AuditRow>(
    'SELECT user_id, action, resource_type, resource_id, success, error_message, metadata FROM audit_logs ORDER BY created_at, id',
  );
  return rows;
}

describe("LiteMaaS's audit log shows every sync that changed something", () => {
  it.each<[SyncTrigger, string | undefined]>([
    ['cli', 'cli:alice'],
    ['schedule', undefined],
    ['deploy', undefined],
    ['manual', 'arn:aws:sts::123456789012:assumed-role/LiteMaaSBackend/session-1'],
  ])('It should write one MODELS_REFRESH row for a %s run that changed the catalog, with the caller in metadata', async (trigger, requestedBy) => {
    // Act
    const result = await db.sync({ trigger, ...(requestedBy === undefined ? {} : { requestedBy }) });

    // Assess
    const rows = await auditRows();
    expect(rows).toEqual([
      {
        user_id: null,
        action: 'MODELS_REFRESH',
        resource_type: 'MODEL',
        resource_id: null,
        success: true,
        error_message: null,
        metadata: expect.objectContaining({
          source: 'litemaas-model-sync',
          runId: result.runId,
          trigger,
          requestedBy: requestedBy === undefined ? null : requestedBy.startsWith('arn:') ? 'LiteMaaSBackend/session-1' : requestedBy,
          modelsCount: result.totalModels,
          counts: { added: result.newModels, updated: 0, retired: 0, restored: 0, paused: 0 },
        }) as unknown,
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain('123456789012');
  });

  it('It should name the LiteMaaS admin who started the run from LiteMaaS, if LiteMaaS knows them', async () => {
    // Act
    await db.sync({ trigger: 'manual', requestedBy: `litemaas:${ADMIN_ID}` });
    harness.litellm.answer({ body: { data: basic.data.slice(1) } });
    await db.sync({ trigger: 'manual', requestedBy: `litemaas:${randomUUID()}`, force: true });

    // Assess
    const rows = await auditRows();
    expect(rows.map((row) => [row.user_id, row.metadata.requestedBy])).toEqual([
      [ADMIN_ID, `litemaas:${ADMIN_ID}`],
      [null, expect.stringMatching(/^litemaas:/)],
    ]);
  });

  it('It should write nothing for an unchanged run, a dry run or a skipped one', async () => {
    // Prepare
    await db.sync();
    await db.client.query('DELETE FROM audit_logs');

    // Act
    await db.sync({ trigger: 'schedule' });
    await db.sync({ trigger: 'manual', dryRun: true });

    // Assess
    expect(await auditRows()).toEqual([]);
  });

  it('It should write a failed row for a run that fails for an entry it cannot use, even when nothing else changed', async () => {
    // Prepare
    harness.litellm.answer({ body: { data: [...basic.data, { litellm_params: { model: 'openai/x' }, model_info: {} }] } });
    await db.sync();
    await db.client.query('DELETE FROM audit_logs');

    // Act: the same catalog again, so nothing is written but the run.
    const unchanged = await db.sync({ trigger: 'schedule' });

    // Assess
    expect(unchanged).toMatchObject({ success: false, newModels: 0, updatedModels: 0 });
    expect(await auditRows()).toEqual([
      expect.objectContaining({ success: false, error_message: expect.stringMatching(/has no model_name/) as unknown, metadata: expect.objectContaining({ runId: unchanged.runId }) as unknown }),
    ]);
  });

  it('It should write a failed row, in the same transaction as the run, for a guard refusal and change no model', async () => {
    // Prepare
    await db.sync();
    await db.client.query('DELETE FROM audit_logs');
    harness.litellm.answer({ body: { data: basic.data.slice(0, 1) } });

    // Act
    const refused = await db.sync({ trigger: 'schedule' });

    // Assess
    expect(refused).toMatchObject({ success: false, failureReason: 'guard' });
    expect(await auditRows()).toEqual([
      expect.objectContaining({
        success: false,
        error_message: expect.stringMatching(/Refusing|guard|retire/i) as unknown,
        metadata: expect.objectContaining({ runId: refused.runId, failureReason: 'guard' }) as unknown,
      }),
    ]);
  });

  it('It should write nothing when turned off', async () => {
    // Prepare
    const off = await harness.freshDatabase({ litemaasAudit: false });
    await off.client.query(LITEMAAS_AUDIT_DDL);

    // Act
    await off.sync();

    // Assess
    const { rows } = await off.client.query('SELECT * FROM audit_logs');
    expect(rows).toEqual([]);
  });

  it('It should sync as usual on a database without audit_logs', async () => {
    // Prepare
    const plain = await harness.freshDatabase();

    // Act
    const result = await plain.sync();

    // Assess
    expect(result).toMatchObject({ success: true });
    expect(result.warnings).toBeUndefined();
  });

  it('It should sync all the same, with one warning naming the GRANT, for a database user without INSERT on audit_logs', async () => {
    // Prepare: the sync's own role, with what it needs on its own tables but nothing on audit_logs.
    await db.sync();
    const role = `sync_no_audit_${process.pid}`;
    await db.client.query(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
    await db.client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}; REVOKE ALL ON audit_logs FROM ${role}`);
    const url = new URL(db.url);
    url.username = role;
    url.password = 'pw';
    const database = createPostgresDatabase(url.toString());
    const service = createSyncService({ database, litellmUrl: harness.litellm.url });
    harness.litellm.answer({ body: { data: basic.data.slice(1) } });

    try {
      // Act
      const result = await service.syncModels({ trigger: 'cli', force: true }, { litellmApiKey: TEST_KEY });

      // Assess
      expect(result).toMatchObject({ success: true });
      expect(result.warnings).toEqual([expect.stringMatching(/lacks INSERT on audit_logs.*GRANT INSERT ON audit_logs.*--no-litemaas-audit/)]);
      expect(await auditRows()).toHaveLength(1); // the first sync's, as the owner
    } finally {
      await database.close();
    }
  });
});
