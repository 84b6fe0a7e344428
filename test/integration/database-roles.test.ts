import { beforeAll, describe, expect, it } from 'vitest';
import { applyRoles, checkRolePrivileges } from '../../lib/db/database-roles.js';
import type { RoleCredentials } from '../../lib/db/database-roles.js';
import type { PostgresDatabase } from '../../lib/db/postgres/database.js';
import type { DatabasePort, SqlParameters, SqlStatement } from '../../lib/db/port.js';
import { MIGRATE } from '../../lib/db/sql/migrations.js';
import { createSyncService } from '../../lib/sync/service.js';
import { readFixture } from '../support/fixtures.js';
import { useRoleHarness } from '../support/role-harness.js';
import { TEST_KEY } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';

// The writer and reader users the deploy-time function creates, on a real PostgreSQL, with exactly
// the grants of lib/db/sql/database-roles.ts: what they can do, and what they cannot.

const basic = readFixture('model-info-basic.json');
const roles = useRoleHarness();
const roleName = (kind: string): string => roles.roleName(`model_sync_${kind}`);
const signedInAs = (db: SyncFixture, role: string, password: string) => roles.signedInAs(db, role, password);
let harness: SyncHarness;
beforeAll(() => {
  harness = roles.sync();
});

function serviceFor(database: DatabasePort, settings: { retireAfterMissedRuns?: number } = {}) {
  return createSyncService({
    database,
    litellmUrl: harness.litellm.url,
    litellmRetry: { timeoutMs: 2_000, maxAttempts: 2, backoffBaseMs: 5 },
    ...settings,
  });
}

/** A migrated database with a writer and a reader made by `applyRoles` as the owner. */
async function databaseWithRoles() {
  const db = await harness.freshDatabase();
  await db.service.migrate();
  const writer: RoleCredentials = { kind: 'writer', role: roleName('writer'), password: 'Writer0Password0Generated0By0Stack' };
  const reader: RoleCredentials = { kind: 'reader', role: roleName('reader'), password: 'Reader0Password0Generated0By0Stack' };
  await applyRoles(db.database, [writer, reader]);
  return { db, writer, reader };
}

/** The error a statement fails with, as the database words it. */
async function refusal(database: PostgresDatabase, sql: string): Promise<string> {
  try {
    await database.execute({ name: 'probe', text: sql });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return 'allowed';
}

describe('the sync writer', () => {
  it('It should sync, count and retire a missing model and record its runs with exactly its grants', async () => {
    // Prepare
    const { db, writer } = await databaseWithRoles();
    const service = serviceFor(signedInAs(db, writer.role, writer.password), { retireAfterMissedRuns: 2 });
    const sync = () => service.syncModels({ trigger: 'schedule', migrate: false }, { litellmApiKey: TEST_KEY });

    // Act
    const first = await sync();
    harness.litellm.answer({ body: { data: basic.data.slice(1) } });
    const counted = await sync();
    const retired = await sync();
    const started = await service.startRun({ trigger: 'manual', requestedBy: 'alice', options: { dryRun: false, force: false } });
    await service.abandonRun(started ?? '', 'could not start');
    await service.recordEventsError(first.runId ?? '', 'events failed');

    // Assess
    expect(first).toMatchObject({ errors: [], success: true, newModels: 4 });
    expect(counted).toMatchObject({ success: true, unavailableModels: 0 });
    expect(retired).toMatchObject({ success: true, unavailableModels: 1 });
    expect(await service.listRuns(10)).toHaveLength(4);
  });

  it('It should not create, drop, alter or read anything outside its list', async () => {
    // Prepare: a LiteMaaS table the sync has no business with.
    const { db, writer } = await databaseWithRoles();
    await db.client.query('CREATE TABLE api_keys (id int, key_hash text)');
    const database = signedInAs(db, writer.role, writer.password);

    // Act
    const refusals = {
      create: await refusal(database, 'CREATE TABLE stolen (id int)'),
      drop: await refusal(database, 'DROP TABLE models'),
      alter: await refusal(database, 'ALTER TABLE model_sync_runs ADD COLUMN x int'),
      delete: await refusal(database, 'DELETE FROM models'),
      other: await refusal(database, 'SELECT * FROM api_keys'),
      createRole: await refusal(database, 'CREATE ROLE intruder'),
    };

    // Assess
    expect(refusals.create).toMatch(/permission denied for schema public/);
    expect(refusals.drop).toMatch(/must be owner of table models/);
    expect(refusals.alter).toMatch(/must be owner of table model_sync_runs/);
    expect(refusals.delete).toMatch(/permission denied for table models/);
    expect(refusals.other).toMatch(/permission denied for table api_keys/);
    expect(refusals.createRole).toMatch(/permission denied to create role/);
  });
});

describe('the reader', () => {
  it('It should read the run list, one run and the status, signed in as itself', async () => {
    // Prepare
    const { db, reader } = await databaseWithRoles();
    const synced = await db.sync();
    const service = serviceFor(signedInAs(db, reader.role, reader.password));

    // Act
    const runs = await service.listRuns(5);
    const run = await service.getRun(synced.runId ?? '');
    const status = await service.readStatus(null);

    // Assess
    expect(runs).toHaveLength(1);
    expect(run?.runId).toBe(synced.runId);
    expect(status).toMatchObject({ models: { available: synced.newModels, unavailable: 0 }, lastRun: { runId: synced.runId } });
  });

  it('It should not change models or runs, nor read more of models than its availability', async () => {
    // Prepare
    const { db, reader } = await databaseWithRoles();
    await db.sync();
    const database = signedInAs(db, reader.role, reader.password);

    // Act
    const refusals = {
      update: await refusal(database, "UPDATE models SET availability = 'unavailable'"),
      deleteRun: await refusal(database, 'DELETE FROM model_sync_runs'),
      readKeys: await refusal(database, 'SELECT encrypted_api_key FROM models'),
    };

    // Assess
    expect(refusals.update).toMatch(/permission denied for table models/);
    expect(refusals.deleteRun).toMatch(/permission denied for table model_sync_runs/);
    expect(refusals.readKeys).toMatch(/permission denied for table models/);
    expect(await db.models()).toSatisfy((rows: Record<string, unknown>[]) => rows.every((row) => row.availability === 'available'));
  });
});

describe('setting the roles on every deploy', () => {
  it('It should set a changed password again, so a rotated secret heals', async () => {
    // Prepare
    const { db, writer } = await databaseWithRoles();
    const rotated = { ...writer, password: 'Rotated0Password0From0The0Secret' };

    // Act
    await applyRoles(db.database, [rotated]);

    // Assess
    expect(await refusal(signedInAs(db, writer.role, rotated.password), 'SELECT 1 FROM model_sync_runs')).toBe('allowed');
    expect(await refusal(signedInAs(db, writer.role, writer.password), 'SELECT 1')).toMatch(/password authentication failed/);
    const { rows } = await db.client.query<{ stored: string }>('SELECT rolpassword AS stored FROM pg_authid WHERE rolname = $1', [writer.role]);
    expect(rows[0]?.stored).toMatch(/^SCRAM-SHA-256\$4096:/);
  });

  it('It should send no password to the database, only its verifier as a bound parameter', async () => {
    // Prepare: the owner's adapter, with every statement and parameter it sends recorded.
    const db = await harness.freshDatabase();
    await db.service.migrate();
    const sent: string[] = [];
    const record = (statement: SqlStatement, parameters: SqlParameters = {}) => sent.push(statement.text, JSON.stringify(parameters));
    const recording: DatabasePort = {
      execute: (statement, parameters) => (record(statement, parameters), db.database.execute(statement, parameters)),
      transaction: (work, options) =>
        db.database.transaction(
          (session) => work({ execute: (statement, parameters) => (record(statement, parameters), session.execute(statement, parameters)) }),
          options,
        ),
    };
    const password = 'Never0In0Any0Statement0Or0Parameter';

    // Act
    await applyRoles(recording, [{ kind: 'writer', role: roleName('writer'), password }]);

    // Assess
    expect(sent.join('\n')).not.toContain(password);
    expect(sent.some((text) => text.includes('SCRAM-SHA-256$4096:'))).toBe(true);
    expect(sent.filter((text) => text.includes('SCRAM-SHA-256')).every((text) => text.startsWith('{'))).toBe(true);
  });
});

describe('a main user that may not create roles', () => {
  /** A database owned by a user like LiteMaaS's documented `model_sync`: no CREATEROLE, no grant options on models. */
  async function withoutCreateRole() {
    const db = await harness.freshDatabase();
    await db.client.query(MIGRATE.text);
    const main = roleName('main');
    await db.client.query(`CREATE ROLE ${main} LOGIN PASSWORD 'main-password'`);
    await db.client.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${main}`);
    await db.client.query(`GRANT SELECT, INSERT, UPDATE ON models TO ${main}`);
    await db.client.query(`ALTER TABLE model_sync_runs OWNER TO ${main}`);
    await db.client.query(`ALTER TABLE model_sync_fingerprints OWNER TO ${main}`);
    await db.client.query(`ALTER TABLE model_sync_missing OWNER TO ${main}`);
    await db.client.query(`ALTER TABLE model_sync_changes OWNER TO ${main}`);
    await db.client.query(`ALTER FUNCTION model_sync_take_lock() OWNER TO ${main}`);
    await db.client.query(`ALTER FUNCTION model_sync_bounded_change(jsonb) OWNER TO ${main}`);
    await db.client.query(`ALTER FUNCTION model_sync_write_litemaas_audit(jsonb) OWNER TO ${main}`);
    return { db, main, database: signedInAs(db, main, 'main-password') };
  }

  it('It should name CREATEROLE and each grant option it lacks, with SQL that lets the next deploy create the roles', async () => {
    // Prepare
    const { db, main, database } = await withoutCreateRole();

    // Act
    const before = await checkRolePrivileges(database, ['writer', 'reader']);
    for (const statement of before.adminSql) await db.client.query(statement);
    const after = await checkRolePrivileges(database, ['writer', 'reader']);
    await applyRoles(database, [{ kind: 'writer', role: roleName('writer'), password: 'Created0After0The0Admin0Ran0It' }]);

    // Assess
    expect(before.mainUser).toBe(main);
    expect(before.missing).toEqual(['CREATEROLE', 'the grant option on table models']);
    expect(before.adminSql).toEqual([`ALTER ROLE ${main} CREATEROLE`, `GRANT INSERT, SELECT, UPDATE ON TABLE models TO ${main} WITH GRANT OPTION`]);
    expect(after).toEqual({ mainUser: main, missing: [], adminSql: [] });
  });

  it('It should check only what the wanted roles need, column grants included', async () => {
    // Prepare
    const { db, main, database } = await withoutCreateRole();
    await db.client.query(`ALTER ROLE ${main} CREATEROLE`);
    await db.client.query(`GRANT SELECT (id, availability, metadata) ON models TO ${main} WITH GRANT OPTION`);

    // Act
    const reader = await checkRolePrivileges(database, ['reader']);
    const writer = await checkRolePrivileges(database, ['writer']);

    // Assess
    expect(reader.missing).toEqual([]);
    expect(writer.missing).toEqual(['the grant option on table models']);
    expect(writer.adminSql).toEqual([`GRANT INSERT, SELECT, UPDATE ON TABLE models TO ${main} WITH GRANT OPTION`]);
  });
});

describe('a migration that lacks a privilege', () => {
  it('It should name the privilege and the exact GRANT, which then lets it run', async () => {
    // Prepare: a user that may use the schema but not create in it (PostgreSQL 15+'s default).
    const db = await harness.freshDatabase();
    await db.client.query(MIGRATE.text);
    await db.client.query('DROP TABLE model_sync_missing');
    const main = roleName('main');
    await db.client.query(`CREATE ROLE ${main} LOGIN PASSWORD 'main-password'`);
    await db.client.query(`GRANT USAGE ON SCHEMA public TO ${main}`);
    const database = signedInAs(db, main, 'main-password');
    const migrate = () => serviceFor(database).migrate();

    // Act
    const failure = await migrate().then(() => 'migrated', (error: unknown) => (error instanceof Error ? error.message : String(error)));
    const grant = /An administrator can run: (GRANT [^;]+);/.exec(failure)?.[1] ?? 'no GRANT named';
    await db.client.query(grant);
    await migrate();

    // Assess
    expect(failure).toBe(
      `Missing privilege: the database user ${main} lacks CREATE on schema public, which the migration needs to create the sync's tables ` +
        `(permission denied for schema public). An administrator can run: GRANT USAGE, CREATE ON SCHEMA public TO ${main};`,
    );
    expect(failure).not.toMatch(/rejected a sync statement/);
    const { rows } = await db.client.query<{ found: boolean }>("SELECT to_regclass('model_sync_missing') IS NOT NULL AS found");
    expect(rows[0]?.found).toBe(true);
  });
});
