import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createPostgresDatabase } from '../../lib/db/postgres/database.js';
import type { PostgresDatabase } from '../../lib/db/postgres/database.js';
import { createSyncService } from '../../lib/sync/service.js';
import type { SyncService, SyncServiceSettings } from '../../lib/sync/service.js';
import type { SyncRequest, SyncResult } from '../../lib/sync/types.js';
import pg from 'pg';
import { startLiteLLMStandIn } from '../../local/litellm-stand-in.js';
import type { LiteLLMStandIn } from '../../local/litellm-stand-in.js';
import { startTestPostgres, uniqueSuffix } from './postgres.js';
import { modelRows } from './table-snapshot.js';
import type { TestPostgres } from './postgres.js';

export const TEST_KEY = 'sk-test-master-key';

/**
 * The variables a CLI run needs to sync from the harness's stand-in into `db`, plus `extra`.
 *
 * @example
 * await runCli(['--json'], cliEnv(harness, db, { SYNC_EXCLUDE: 'gpt-*' }));
 */
export function cliEnv(harness: SyncHarness, db: SyncFixture, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { LITELLM_API_URL: harness.litellm.url, LITELLM_API_KEY: TEST_KEY, DATABASE_URL: db.url, ...extra };
}

/** One real PostgreSQL and one LiteLLM stand-in shared by a test file; a fresh database per test. */
export interface SyncHarness {
  postgres: TestPostgres;
  litellm: LiteLLMStandIn;
  /** A new, empty database with its own adapter, service and inspection client. */
  freshDatabase(settings?: Partial<SyncServiceSettings>): Promise<SyncFixture>;
  close(): Promise<void>;
}

export interface SyncFixture {
  url: string;
  database: PostgresDatabase;
  service: SyncService;
  client: pg.Client;
  /** Runs a sync with the test key and the given request (trigger defaults to cli). */
  sync(request?: Partial<SyncRequest>): Promise<SyncResult>;
  /** Every models row, ordered by id, as plain values. */
  models(): Promise<Record<string, unknown>[]>;
  runCount(): Promise<number>;
}

export async function startSyncHarness(): Promise<SyncHarness> {
  const postgres = await startTestPostgres();
  const litellm = await startLiteLLMStandIn();
  const fixtures: SyncFixture[] = [];
  return {
    postgres,
    litellm,
    async freshDatabase(settings = {}) {
      const url = await postgres.createDatabase(`sync_${uniqueSuffix()}`);
      const database = createPostgresDatabase(url);
      const service = createSyncService({
        database,
        litellmUrl: litellm.url,
        litellmRetry: { timeoutMs: 2_000, maxAttempts: 2, backoffBaseMs: 5 },
        ...settings,
      });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const fixture: SyncFixture = {
        url,
        database,
        service,
        client,
        sync: (request = {}) => service.syncModels({ trigger: 'cli', migrate: true, ...request }, { litellmApiKey: TEST_KEY }),
        models: () => modelRows(client),
        async runCount() {
          const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM model_sync_runs');
          return rows[0]?.count ?? 0;
        },
      };
      fixtures.push(fixture);
      return fixture;
    },
    async close() {
      for (const fixture of fixtures) {
        await fixture.client.end();
        await fixture.database.close();
      }
      await litellm.close();
      await postgres.stop();
    },
  };
}

/**
 * Turns a migrated database back into what model-sync 0.1 left: no paused or ignored counts, no
 * change-event error column, no retirement-grace table, and run changes without their paused and
 * missing lists. For tests that an upgrade, or a reader that never migrates, copes with it.
 */
export async function downgradeToVersion01(client: pg.ClientBase): Promise<void> {
  await client.query(`
    ALTER TABLE model_sync_runs DROP COLUMN paused_models, DROP COLUMN ignored_models, DROP COLUMN ignored, DROP COLUMN events_error;
    UPDATE model_sync_runs SET changes = changes - 'paused' - 'missing';
    DROP TABLE model_sync_missing;`);
}

/**
 * Registers the hooks most sync test files need: one harness for the file, closed after it, and the
 * stand-in answering `body()` again before each test. Returns the harness once started.
 *
 * @example
 * const harness = useSyncHarness(() => basic);
 * it('…', async () => { const db = await harness().freshDatabase(); });
 */
export function useSyncHarness(body: () => unknown): () => SyncHarness {
  let harness: SyncHarness | undefined;
  beforeAll(async () => {
    harness = await startSyncHarness();
  });
  afterAll(() => harness?.close());
  beforeEach(() => {
    started().litellm.answer({ body: body() });
  });
  const started = (): SyncHarness => {
    if (harness === undefined) throw new Error('the sync harness did not start');
    return harness;
  };
  return started;
}

/** What a test file that wants a fresh database per test gets: the harness and the current database. */
export interface PerTestDatabase {
  harness(): SyncHarness;
  db(): SyncFixture;
}

/**
 * {@link useSyncHarness}, and before each test a fresh database (then `prepare` on it, e.g.
 * LiteMaaS's own tables).
 *
 * @example
 * const files = freshDatabasePerTest(() => basic);
 * it('…', async () => { await files.db().sync(); });
 */
export function freshDatabasePerTest(body: () => unknown, prepare?: (db: SyncFixture) => Promise<void>): PerTestDatabase {
  const harness = useSyncHarness(body);
  let db: SyncFixture | undefined;
  beforeEach(async () => {
    db = await harness().freshDatabase();
    await prepare?.(db);
  });
  return {
    harness,
    db: () => {
      if (db === undefined) throw new Error('no database before the first test');
      return db;
    },
  };
}
