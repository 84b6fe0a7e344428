import pg from 'pg';
import { createPostgresDatabase } from '../lib/db/postgres/database.js';
import { createSyncService } from '../lib/sync/service.js';
import { startLiteLLMStandIn } from '../local/litellm-stand-in.js';
import { startThrowawayPostgres } from '../local/throwaway-postgres.js';
import type { ThrowawayPostgres } from '../local/throwaway-postgres.js';
import type { Engine } from './measure-sync.js';
import type { BenchTarget } from './scenarios.js';

export interface OpenBenchTarget extends BenchTarget {
  /** Time the schema migration took per database (not part of any scenario). */
  migrationMs: number;
  close(): Promise<void>;
}

async function createMigratedDatabase(postgres: ThrowawayPostgres, name: string) {
  const url = await postgres.createDatabase(name);
  const database = createPostgresDatabase(url);
  const started = performance.now();
  try {
    await createSyncService({ database, litellmUrl: 'http://127.0.0.1:9' }).migrate();
  } finally {
    await database.close();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { url, client, migrationMs: performance.now() - started };
}

/**
 * Starts an embedded PostgreSQL 16 with one migrated database per engine (so that the two never
 * see each other's rows) and a LiteLLM stand-in serving `/model/info` over HTTP.
 */
export async function openBenchTarget(): Promise<OpenBenchTarget> {
  const postgres = await startThrowawayPostgres();
  const ours = await createMigratedDatabase(postgres, 'bench_ours');
  const baseline = await createMigratedDatabase(postgres, 'bench_baseline');
  const standIn = await startLiteLLMStandIn();
  const databases: Record<Engine, { url: string; client: pg.Client }> = { ours, baseline };
  return {
    litellmUrl: standIn.url,
    serve: (body) => standIn.answer({ body }),
    databases,
    migrationMs: ours.migrationMs,
    async close() {
      await standIn.close();
      await ours.client.end();
      await baseline.client.end();
      await postgres.stop();
    },
  };
}
