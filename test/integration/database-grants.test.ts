import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { grantStatements, ROLE_GRANTS } from '../../lib/db/sql/database-roles.js';
import { MIGRATE } from '../../lib/db/sql/migrations.js';
import { createSyncService } from '../../lib/sync/service.js';
import { readFixture } from '../support/fixtures.js';
import { useRoleHarness } from '../support/role-harness.js';
import { TEST_KEY } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';

// The GRANTs the documents give, taken from the documents themselves and run on a real
// PostgreSQL: docs/litemaas.md's for running the sync as its own role on a LiteMaaS database
// whose owner is someone else, and docs/deploy.md's writer grants (the stack's writer role, or an
// operator's own runtime user) for the scheduled and start functions.

const PASSWORD = 'model-sync-test';

/** The statements of the first SQL block after `heading` in `docs/<document>`. */
function documentedSql(document: string, heading: string): string[] {
  const doc = readFileSync(new URL(`../../docs/${document}`, import.meta.url), 'utf8');
  const block = /```sql\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf(heading)))?.[1];
  if (block === undefined) throw new Error(`docs/${document} has no sql block under "${heading}"`);
  return block
    .split('\n')
    .map((line) => line.replace(/--.*$/, '').trim())
    .join(' ')
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}

const basic = readFixture('model-info-basic.json');
const roles = useRoleHarness();
let harness: SyncHarness;
beforeAll(() => {
  harness = roles.sync();
});

/** A database as LiteMaaS leaves it: its `models` table, indexes and trigger, none of this service's objects. */
async function litemaasDatabase(): Promise<SyncFixture> {
  const db = await harness.freshDatabase();
  await db.client.query(MIGRATE.text);
  await db.client.query('DROP TABLE model_sync_runs, model_sync_fingerprints, model_sync_missing, model_sync_changes');
  await db.client.query('DROP FUNCTION model_sync_take_lock(), model_sync_bounded_change(jsonb), model_sync_write_litemaas_audit(jsonb)');
  return db;
}

const documentedGrants = (): string[] => documentedSql('litemaas.md', '### GRANTs');
const USERS_HEADING = '### Database users: nothing runs as the owner unless it must';
const documentedRuntimeGrants = (): string[] => [
  "CREATE ROLE model_sync_runtime LOGIN PASSWORD '…'",
  ...documentedSql('deploy.md', USERS_HEADING),
];

/**
 * A login role made with `statements` (the document's role name `documentedRole` replaced by a
 * fresh one, its placeholder password by a real one), and a sync service signed in as it.
 */
async function roleService(db: SyncFixture, statements: string[], documentedRole: string, settings: { retireAfterMissedRuns?: number } = {}) {
  const role = roles.roleName(documentedRole);
  const database = new URL(db.url).pathname.slice(1);
  for (const statement of statements) {
    await db.client.query(
      statement
        .replace(new RegExp(`\\b${documentedRole}\\b`, 'g'), role)
        .replace(/\bDATABASE litemaas\b/, `DATABASE "${database}"`)
        .replace(/PASSWORD '(\.\.\.|…)'/, `PASSWORD '${PASSWORD}'`),
    );
  }
  const roleDatabase = roles.signedInAs(db, role, PASSWORD);
  const service = createSyncService({
    database: roleDatabase,
    litellmUrl: harness.litellm.url,
    litellmRetry: { timeoutMs: 2_000, maxAttempts: 2, backoffBaseMs: 5 },
    ...settings,
  });
  return { role, service };
}

/** The sync's own role on a LiteMaaS database: it migrates, as the CLI and the deploy function do. */
async function syncRole(db: SyncFixture) {
  const { role, service } = await roleService(db, documentedGrants(), 'model_sync');
  const sync = () => service.syncModels({ trigger: 'cli', migrate: true }, { litellmApiKey: TEST_KEY });
  return { role, service, sync };
}

describe('the sync as its own database role on a LiteMaaS database', () => {
  it('It should migrate, sync, retire and read its history with the documented grants', async () => {
    // Prepare
    const db = await litemaasDatabase();
    const { role, service, sync } = await syncRole(db);

    // Act
    const first = await sync();
    harness.litellm.answer({ body: { data: basic.data.slice(1) } });
    const second = await sync();

    // Assess
    expect(documentedGrants().join('; ')).not.toMatch(/DELETE|ALL PRIVILEGES|OWNER|SUPERUSER/i);
    expect(first).toMatchObject({ errors: [], success: true, newModels: 4 });
    expect(second).toMatchObject({ success: true, unavailableModels: 1 });
    expect(await service.listRuns(5)).toHaveLength(2);
    const { rows } = await db.client.query<{ name: string; owner: string }>(
      `SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner FROM pg_class c
       WHERE c.relname IN ('model_sync_runs', 'model_sync_fingerprints') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { name: 'model_sync_fingerprints', owner: role },
      { name: 'model_sync_runs', owner: role },
    ]);
  });

  it('It should keep syncing after CREATE on the schema is revoked once its objects exist', async () => {
    // Prepare
    const db = await litemaasDatabase();
    const { role, sync } = await syncRole(db);
    await sync();
    await db.client.query(`REVOKE CREATE ON SCHEMA public FROM ${role}`);
    harness.litellm.answer({ body: { data: basic.data.slice(1) } });

    // Act
    const result = await sync();

    // Assess
    expect(result).toMatchObject({ success: true, unavailableModels: 1 });
  });

  it('It should fail, changing nothing, without UPDATE on models', async () => {
    // Prepare
    const db = await litemaasDatabase();
    const { role, sync } = await syncRole(db);
    await db.client.query(`REVOKE UPDATE ON models FROM ${role}`);

    // Act
    const result = await sync();

    // Assess
    expect(result).toMatchObject({ success: false, failureReason: 'database', newModels: 0 });
    expect(await db.models()).toEqual([]);
  });
});

describe("docs/deploy.md's grants for the writer and the reader", () => {
  it('It should show exactly the grant list the deploy-time function applies', () => {
    // Prepare
    const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf(USERS_HEADING));
    const blocks = [...section.matchAll(/```sql\n([\s\S]*?)```/g)].slice(0, 2).map((match) => match[1]?.trim());

    // Assess
    expect(blocks).toEqual([
      grantStatements(ROLE_GRANTS.writer, 'model_sync_runtime').map((statement) => `${statement};`).join('\n'),
      grantStatements(ROLE_GRANTS.reader, 'model_sync_reader').map((statement) => `${statement};`).join('\n'),
    ]);
  });
});

describe('the scheduled and API functions as the runtime user of docs/deploy.md', () => {
  it('It should sync, count a missing model and retire it with exactly the runtime grants', async () => {
    // Prepare: the deploy-time function migrates as the owner; the runtime role only gets the GRANTs.
    const db = await harness.freshDatabase();
    await db.sync();
    // Three runs before retirement: the grace row is inserted, updated, then deleted.
    const { service } = await roleService(db, documentedRuntimeGrants(), 'model_sync_runtime', { retireAfterMissedRuns: 3 });
    const sync = () => service.syncModels({ trigger: 'schedule', migrate: false }, { litellmApiKey: TEST_KEY });
    harness.litellm.answer({ body: { data: basic.data.slice(1) } });

    // Act
    const counted = await sync();
    const countedAgain = await sync();
    const retired = await sync();

    // Assess
    expect(documentedRuntimeGrants().join('; ')).not.toMatch(/CREATE ON|ALL PRIVILEGES|OWNER|SUPERUSER/i);
    expect(counted).toMatchObject({ errors: [], success: true, unavailableModels: 0 });
    expect(countedAgain).toMatchObject({ errors: [], success: true, unavailableModels: 0 });
    expect(retired).toMatchObject({ errors: [], success: true, unavailableModels: 1 });
    const { rows } = await db.client.query<{ count: number }>('SELECT count(*)::int AS count FROM model_sync_missing');
    expect(rows[0]?.count).toBe(0);
    expect(await service.listRuns(5)).toHaveLength(4);
  });
});
