import { RDSDataClient } from '@aws-sdk/client-rds-data';
import type { RDSDataClientConfig } from '@aws-sdk/client-rds-data';
import { createDataApiDatabase } from '../../lib/db/data-api/database.js';
import { DEFAULT_RESUME_POLICY } from '../../lib/db/data-api/resume.js';
import type { ResumePolicy } from '../../lib/db/data-api/resume.js';
import type { DatabasePort } from '../../lib/db/port.js';
import type { Environment } from '../../lib/config.js';
import type { LiteLLMRetryPolicy } from '../../lib/litellm/client.js';
import { getRun, listRuns } from '../../lib/sync/run-store.js';
import type { SyncRun } from '../../lib/sync/run-store.js';
import { createSyncService } from '../../lib/sync/service.js';
import type { SyncService } from '../../lib/sync/service.js';
import type { DataApiClientBudget } from './budgets.js';
import { readDatabaseConfig, readSyncConfig } from './config.js';
import type { DatabaseConfig, SyncConfig } from './config.js';
import { logger } from './powertools.js';

// Deep imports (not lib/index.js) on purpose: the index also exports the node-postgres adapter,
// and esbuild cannot drop a CommonJS package like `pg` from a bundle once it is imported.

/**
 * The Data API client settings for a budget. Without a request timeout the SDK waits for ever, so a
 * hung call would use up the function's whole time and end as "Task timed out" (or API Gateway's
 * bare 503) instead of an error with a reason. `throwOnRequestTimeout` is needed: without it this
 * SDK version only logs a warning when `requestTimeout` passes.
 *
 * @example
 * new RDSDataClient(dataApiClientConfig({ requestTimeoutMs: 60_000, maxAttempts: 2 }));
 */
export function dataApiClientConfig(budget: DataApiClientBudget): RDSDataClientConfig {
  return {
    maxAttempts: budget.maxAttempts,
    requestHandler: { requestTimeout: budget.requestTimeoutMs, throwOnRequestTimeout: true },
  };
}

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

function createDatabase(config: DatabaseConfig): DatabasePort {
  return createDataApiDatabase(new RDSDataClient(dataApiClientConfig(config.dataApi)), config.database, config.resumePolicy);
}

/** What a function that runs syncs uses: its configuration and the sync service. */
export interface SyncContainer {
  config: SyncConfig;
  service: SyncService;
}

/** Reads the configuration and builds the Data API client and the sync service. Throws a `ConfigError`. */
export function createSyncContainer(
  env: Environment,
  budgets: HandlerBudgets & { litellmRetry: LiteLLMRetryPolicy },
): SyncContainer {
  const config = readSyncConfig(env, {
    litellmRetry: budgets.litellmRetry,
    resumePolicy: { ...DEFAULT_RESUME_POLICY, ...budgets.resume },
    dataApi: budgets.dataApi,
  });
  const service = createSyncService({
    database: createDatabase(config),
    litellmUrl: config.litellmUrl,
    litellmRetry: config.litellmRetry,
    maxRetireFraction: config.maxRetireFraction,
    litellmMaxResponseBytes: config.litellmMaxResponseBytes,
    ...config.catalog,
    // Bugs only: expected failures are described by the sync result and logged by the handler.
    reportUnexpectedError: (error) => logger.error('Unexpected error during the sync', { error }),
  });
  return { config, service };
}

/** The recorded runs, read-only: all the run-history function may do. */
export interface RunHistory {
  listRuns(limit: number): Promise<SyncRun[]>;
  getRun(runId: string): Promise<SyncRun | undefined>;
}

/** Reads the database configuration (no LiteLLM setting, no key) and builds the run history. */
export function createRunHistory(env: Environment, budgets: HandlerBudgets): RunHistory {
  const database = createDatabase(
    readDatabaseConfig(env, { resumePolicy: { ...DEFAULT_RESUME_POLICY, ...budgets.resume }, dataApi: budgets.dataApi }),
  );
  return { listRuns: (limit) => listRuns(database, limit), getRun: (runId) => getRun(database, runId) };
}
