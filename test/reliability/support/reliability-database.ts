import pg from 'pg';
import { buildCatalog } from '../../../lib/catalog/build-catalog.js';
import type { DesiredModelRow } from '../../../lib/catalog/types.js';
import { createPostgresDatabase } from '../../../lib/db/postgres/database.js';
import { createSyncService } from '../../../lib/sync/service.js';
import type { PostgresDatabase } from '../../../lib/db/postgres/database.js';
import type { SyncService, SyncServiceSettings } from '../../../lib/sync/service.js';
import type { LiteLLMStandIn } from '../../../local/litellm-stand-in.js';
import { startLiteLLMStandIn } from '../../../local/litellm-stand-in.js';
import { readFixture } from '../../support/fixtures.js';
import { startTestPostgres } from '../../support/postgres.js';
import type { TestPostgres } from '../../support/postgres.js';

/** The master key every reliability case uses; it must never show up anywhere. */
export const SENTINEL_MASTER_KEY = 'sk-SENTINEL-MASTER-KEY-3f9a1c7e';

/** Short LiteLLM timeouts so that the whole fault suite stays fast. */
const FAST_LITELLM_RETRY = { timeoutMs: 400, maxAttempts: 2, backoffBaseMs: 10 } as const;
/** For large catalogs: the timeout covers reading the body, which a loaded CI machine may slow. */
export const LARGE_CATALOG_LITELLM_RETRY = { ...FAST_LITELLM_RETRY, timeoutMs: 10_000 } as const;

/** What LiteMaaS admins set on the baseline rows; the sync must never touch it. */
export const ADMIN_EDITS = {
  description: { id: 'gpt-4o', value: 'Written by a LiteMaaS admin' },
  restricted: { id: 'claude-sonnet-4-5' },
  encryptedKey: { id: 'llama-3.1-8b-instruct', value: 'enc:v1:admin-encrypted-key' },
  retired: { id: 'legacy-model' },
} as const;

/** One database of a test server, with a known baseline: the basic fixture synced plus admin edits. */
export interface ReliabilityDatabase {
  url: string;
  /** A direct client for arranging and inspecting. */
  admin: pg.Client;
  /** The adapter the sync uses. */
  database: PostgresDatabase;
  /** Puts the tables back to the baseline (models, fingerprints; runs emptied). */
  resetToBaseline(): Promise<void>;
  /** Empties the tables (no model at all). */
  resetToEmpty(): Promise<void>;
  close(): Promise<void>;
}

/** The catalog rows the sync should derive from these `/model/info` entries (the oracle for 'applied'). */
export function catalogOf(entries: unknown[]): DesiredModelRow[] {
  return buildCatalog(entries).rows;
}

export function basicEntries(): unknown[] {
  return readFixture('model-info-basic.json').data;
}

/** A sync service over `database` with the suite's fast LiteLLM policy. */
export function fastService(
  database: SyncServiceSettings['database'],
  litellmUrl: string,
  settings: Partial<SyncServiceSettings> = {},
): SyncService {
  return createSyncService({ database, litellmUrl, litellmRetry: { ...FAST_LITELLM_RETRY }, ...settings });
}

export async function prepareReliabilityDatabase(
  server: TestPostgres,
  name: string,
  standIn: LiteLLMStandIn,
): Promise<ReliabilityDatabase> {
  const url = await server.createDatabase(name);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const database = createPostgresDatabase(url);
  standIn.answer({ body: { data: basicEntries() } });
  const seeded = await fastService(database, standIn.url).syncModels(
    { trigger: 'deploy', migrate: true },
    { litellmApiKey: SENTINEL_MASTER_KEY },
  );
  if (!seeded.success) throw new Error(`Seeding the baseline failed: ${seeded.errors.join('; ')}`);
  await admin.query('UPDATE models SET description = $2 WHERE id = $1', [ADMIN_EDITS.description.id, ADMIN_EDITS.description.value]);
  await admin.query('UPDATE models SET restricted_access = true WHERE id = $1', [ADMIN_EDITS.restricted.id]);
  await admin.query('UPDATE models SET encrypted_api_key = $2 WHERE id = $1', [ADMIN_EDITS.encryptedKey.id, ADMIN_EDITS.encryptedKey.value]);
  await admin.query(
    `INSERT INTO models (id, name, provider, description, availability, restricted_access, encrypted_api_key)
     VALUES ($1, $1, 'openai', 'Retired long ago', 'unavailable', true, 'enc:v1:legacy')`,
    [ADMIN_EDITS.retired.id],
  );
  await admin.query('CREATE TABLE reliability_baseline_models AS SELECT * FROM models');
  await admin.query('CREATE TABLE reliability_baseline_fingerprints AS SELECT * FROM model_sync_fingerprints');

  return {
    url,
    admin,
    database,
    async resetToBaseline() {
      await admin.query('TRUNCATE models, model_sync_fingerprints, model_sync_runs');
      await admin.query('INSERT INTO models SELECT * FROM reliability_baseline_models');
      await admin.query('INSERT INTO model_sync_fingerprints SELECT * FROM reliability_baseline_fingerprints');
    },
    async resetToEmpty() {
      await admin.query('TRUNCATE models, model_sync_fingerprints, model_sync_runs');
    },
    async close() {
      await database.close();
      await admin.end();
    },
  };
}

/** What one reliability test file runs its cases against. */
export interface ReliabilitySuite {
  /** The LiteLLM stand-in the sync talks to (it served the basic fixture for the baseline). */
  standIn: LiteLLMStandIn;
  /** The baseline database, on a PostgreSQL server of the file's own. */
  db: ReliabilityDatabase;
  /** Closes the database and stops the stand-in and the server. */
  stop: () => Promise<void>;
}

/**
 * Starts what a reliability test file needs: a PostgreSQL server, the LiteLLM stand-in and the
 * baseline database `name`.
 *
 * @example
 * let db: ReliabilityDatabase;
 * let standIn: LiteLLMStandIn;
 * let stop: () => Promise<void>;
 * beforeAll(async () => ({ db, standIn, stop } = await startReliabilitySuite('secrets')));
 * afterAll(async () => {
 *   report.write(); // first, so that a failure while stopping cannot lose the file's rows
 *   await stop();
 * });
 * beforeEach(() => db.resetToBaseline());
 */
export async function startReliabilitySuite(name: string): Promise<ReliabilitySuite> {
  const [server, standIn] = await Promise.all([startTestPostgres(), startLiteLLMStandIn()]);
  const db = await prepareReliabilityDatabase(server, name, standIn);
  return {
    standIn,
    db,
    stop: async () => {
      await db.close();
      await standIn.close();
      await server.stop();
    },
  };
}
