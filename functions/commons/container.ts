import { DEFAULT_RESUME_POLICY } from '../../lib/db/data-api/resume.js';
import type { ResumePolicy } from '../../lib/db/data-api/resume.js';
import type { Environment } from '../../lib/config.js';
import type { DatabasePort } from '../../lib/db/port.js';
import type { LiteLLMRetryPolicy } from '../../lib/litellm/client.js';
import { getRun, listRuns } from '../../lib/sync/run-store.js';
import type { SyncRun } from '../../lib/sync/run-store.js';
import { readSyncStatus } from '../../lib/sync/status.js';
import type { SyncStatus } from '../../lib/sync/status.js';
import { createSyncService } from '../../lib/sync/service.js';
import type { SyncService } from '../../lib/sync/service.js';
import type { DataApiClientBudget } from './budgets.js';
import { changeEventsTarget } from './change-events.js';
import type { ChangeEventsTarget } from './change-events.js';
import { readSchedule } from '../../lib/config.js';
import { readDatabaseConfig, readSyncConfig } from './config.js';
import type { SyncConfig } from './config.js';
import { createDatabase } from './database.js';
import { logger } from './powertools.js';

// Imports name the lib/ module each thing lives in, for the reader. Both database adapters are
// bundled in every handler that reaches the database: which one runs is chosen at run time
// (DB_ADAPTER, functions/commons/database.ts).

/** A function's budgets as `functions/commons/budgets.ts` states them (resume: only what differs). */
export interface HandlerBudgets {
  resume: Partial<ResumePolicy> & { budgetMs: number };
  dataApi: DataApiClientBudget;
}

/**
 * Builds `build()` once, at module load, outside the handler. A configuration error does not throw
 * here (that would fail the init with no request id and no response); it is kept, and every
 * invocation that asks for the value gets it thrown, naming the variable to fix.
 *
 * @example
 * const sync = buildOnce(() => createSyncContainer(process.env, budgets));
 * const { service } = sync(); // in the handler
 */
export function buildOnce<T>(build: () => T): () => T {
  let built: { value: T } | { error: Error };
  try {
    built = { value: build() };
  } catch (error) {
    built = { error: error instanceof Error ? error : new Error(String(error)) };
  }
  return () => {
    if ('error' in built) throw built.error;
    return built.value;
  };
}

/** What a function that runs syncs uses: its configuration, the sync service, and where change events go. */
export interface SyncContainer {
  config: SyncConfig;
  service: SyncService;
  /** The database the service uses, for the deploy-time steps beside the sync (database users). */
  database: DatabasePort;
  /** Absent when `EVENT_BUS_NAME` is unset: no change events. */
  events?: ChangeEventsTarget;
}

/**
 * Reads the configuration and builds the Data API client, the sync service and the change-event
 * target. Throws a `ConfigError`. `eventsTotalMs`: how long publishing may try (budgets.ts).
 */
export function createSyncContainer(
  env: Environment,
  budgets: HandlerBudgets & { litellmRetry: LiteLLMRetryPolicy; eventsTotalMs?: number },
): SyncContainer {
  const config = readSyncConfig(env, {
    litellmRetry: budgets.litellmRetry,
    resumePolicy: { ...DEFAULT_RESUME_POLICY, ...budgets.resume },
    dataApi: budgets.dataApi,
  });
  const database = createDatabase(config);
  const service = createSyncService({
    database,
    litellmUrl: config.litellmUrl,
    litellmRetry: config.litellmRetry,
    maxRetireFraction: config.maxRetireFraction,
    litellmMaxResponseBytes: config.litellmMaxResponseBytes,
    ...config.catalog,
    // Bugs only: expected failures are described by the sync result and logged by the handler.
    reportUnexpectedError: (error) => logger.error('Unexpected error during the sync', { error }),
  });
  const events = changeEventsTarget(config.eventBusName, budgets.eventsTotalMs);
  return { config, service, database, ...(events === undefined ? {} : { events }) };
}

/** The recorded runs and the sync's health, read-only: all the read function may do. */
export interface RunHistory {
  listRuns(limit: number): Promise<SyncRun[]>;
  getRun(runId: string): Promise<SyncRun | undefined>;
  /** `GET /sync/status`: one round trip; the schedule is the one the stack configured. */
  readStatus(): Promise<SyncStatus>;
}

/**
 * Reads the database configuration and the schedule (no LiteLLM setting, no key) and builds the
 * run history.
 */
export function createRunHistory(env: Environment, budgets: HandlerBudgets): RunHistory {
  const database = createDatabase(
    readDatabaseConfig(env, { resumePolicy: { ...DEFAULT_RESUME_POLICY, ...budgets.resume }, dataApi: budgets.dataApi }),
  );
  const schedule = readSchedule(env);
  return {
    listRuns: (limit) => listRuns(database, limit),
    getRun: (runId) => getRun(database, runId),
    readStatus: () => readSyncStatus(database, schedule),
  };
}
