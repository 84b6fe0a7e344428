import { DEFAULT_RESUME_POLICY } from '../../../lib/db/data-api/resume.js';
import type { ResumePolicy } from '../../../lib/db/data-api/resume.js';
import type { DatabasePort } from '../../../lib/db/port.js';
import type { Environment } from '../../../lib/config.js';
import type { LiteLLMRetryPolicy } from '../../../lib/litellm/client.js';
import { RunHistory } from '../../../lib/sync/run-history.js';
import type { ScheduleInfo } from '../../../lib/sync/status.js';
import { createSyncService } from '../../../lib/sync/service.js';
import type { SyncService } from '../../../lib/sync/service.js';
import type { DataApiClientBudget } from './budgets.js';
import { changeEventsTarget } from '../events/change-events.js';
import type { ChangeEventsTarget } from '../events/change-events.js';
import { readSchedule, readSettingOrDefault } from '../../../lib/config.js';
import { SETTINGS } from '../../../lib/settings/settings-table.js';
import { readDatabaseConfig, readSyncConfig } from './config.js';
import type { SyncConfig } from './config.js';
import { createDatabase } from './database.js';
import { logger } from '../observability/powertools.js';

// Both database adapters are in every package of a handler that reaches the database: which one
// runs is chosen at run time (DB_ADAPTER, functions/commons/setup/database.ts); node-postgres is in
// a chunk only that choice loads.

/** A function's budgets as `functions/commons/setup/budgets.ts` states them (resume: only what differs). */
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
    ...config.adminVisibility,
    // Bugs only: expected failures are described by the sync result and logged by the handler.
    reportUnexpectedError: (error) => logger.error('Unexpected error during the sync', { error }),
  });
  const events = changeEventsTarget(config.eventBusName, budgets.eventsTotalMs);
  return { config, service, database, ...(events === undefined ? {} : { events }) };
}

/** What the read function uses: the run history (lib/sync/run-history.ts) and the schedule to report. */
export interface ReadContainer {
  history: RunHistory;
  /** `GET /sync/status` reports the schedule the stack configured, which is not in the database. */
  schedule: ScheduleInfo | null;
  /** How far ahead `GET /sync/status` lists coming provider retirements (`SYNC_DEPRECATION_WARN_DAYS`). */
  deprecationWarnDays: number;
}

/**
 * Reads the database configuration and the schedule (no LiteLLM setting, no key) and builds the
 * run history: the read path the CLI's `runs` and `status` use too.
 */
export function createReadContainer(env: Environment, budgets: HandlerBudgets): ReadContainer {
  const database = createDatabase(
    readDatabaseConfig(env, { resumePolicy: { ...DEFAULT_RESUME_POLICY, ...budgets.resume }, dataApi: budgets.dataApi }),
  );
  return {
    history: new RunHistory(database),
    schedule: readSchedule(env),
    deprecationWarnDays: readSettingOrDefault(env, SETTINGS.deprecationWarnDays),
  };
}
