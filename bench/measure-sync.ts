import { createPostgresDatabase } from '../lib/db/postgres/database.js';
import { createSyncService } from '../lib/sync/service.js';
import type { LatencyMode, PortMeter } from './metered-database.js';
import { meterDatabase } from './metered-database.js';
import { plainModelInfo } from './plain-model-info.js';
import { syncRowAtATime } from './row-at-a-time.js';

/** `ours` is the project's sync; `baseline` the row-at-a-time re-creation of LiteMaaS's. */
export type Engine = 'ours' | 'baseline';

export interface SyncJob {
  engine: Engine;
  databaseUrl: string;
  litellmUrl: string;
  latencyMs: number;
  latencyMode: LatencyMode;
  force: boolean;
}

export interface SyncMeasurement {
  meter: PortMeter;
  /**
   * Time of a plain `fetch` + `JSON.parse` of the same LiteLLM answer, just before the sync, in the
   * same process: the floor for the sync's local work, measured side by side (timing runs only).
   */
  plainFetchParseMs?: number;
  /** Time of the sync itself (LiteLLM fetch included); with `account`, plus the accounted latency. */
  wallMs: number;
  /** Models the sync says it added, updated and retired, to cross-check the row counts. */
  reported: { added: number; updated: number; retired: number };
}

const LITELLM_KEY = 'sk-bench';

/** Runs one sync of the given engine against a fresh connection pool and measures it. */
export async function measureSync(job: SyncJob): Promise<SyncMeasurement> {
  const pool = createPostgresDatabase(job.databaseUrl);
  const database = meterDatabase(pool, job.latencyMs, job.latencyMode);
  try {
    const started = performance.now();
    let reported: SyncMeasurement['reported'];
    if (job.engine === 'ours') {
      const service = createSyncService({ database, litellmUrl: job.litellmUrl });
      const result = await service.syncModels({ trigger: 'cli', force: job.force }, { litellmApiKey: LITELLM_KEY });
      if (!result.success) throw new Error(`The sync failed: ${result.errors.join('; ')}`);
      reported = { added: result.newModels, updated: result.updatedModels, retired: result.unavailableModels };
    } else {
      reported = await syncRowAtATime(database, { url: job.litellmUrl, apiKey: LITELLM_KEY });
    }
    const elapsed = performance.now() - started;
    const wallMs = job.latencyMode === 'account' ? elapsed + database.meter.latencyMs : elapsed;
    return { meter: database.meter, wallMs, reported };
  } finally {
    await pool.close();
  }
}

/** How long a plain fetch + parse of `/model/info` takes ({@link plainModelInfo}), nothing else. */
export async function timePlainFetchParse(litellmUrl: string): Promise<number> {
  const started = performance.now();
  await plainModelInfo(litellmUrl, LITELLM_KEY);
  return performance.now() - started;
}

/**
 * `measureSync`, and for our engine, just before it, a plain fetch + parse of the same answer: the
 * two run side by side, so that machine load moves both alike and their ratio stays meaningful.
 */
export async function measureSyncBesidePlainFetch(job: SyncJob): Promise<SyncMeasurement> {
  if (job.engine !== 'ours') return measureSync(job);
  const plainFetchParseMs = await timePlainFetchParse(job.litellmUrl);
  return { ...(await measureSync(job)), plainFetchParseMs };
}
