import { RDSDataClient } from '@aws-sdk/client-rds-data';
import type { RDSDataClientConfig } from '@aws-sdk/client-rds-data';
import { createDataApiDatabase } from '../../lib/db/data-api-adapter.js';
import type { Environment } from '../../lib/config.js';
import { createSyncService } from '../../lib/sync/service.js';
import type { SyncService } from '../../lib/sync/service.js';
import type { DataApiClientBudget } from './budgets.js';
import { changeEventsTarget } from './change-events.js';
import type { ChangeEventsTarget } from './change-events.js';
import { readFunctionConfig } from './config.js';
import type { FunctionBudgets, FunctionConfig } from './config.js';
import { logger } from './powertools.js';

// Deep imports (not lib/index.js) on purpose: the index also exports the node-postgres adapter,
// and esbuild cannot drop a CommonJS package like `pg` from a bundle once it is imported.

/**
 * The Data API client settings for a budget. Without a request timeout the SDK waits for ever, so a
 * hung call would use up the function's whole time and end as "Task timed out" (or API Gateway's
 * bare 503) instead of an error with a reason. `throwOnRequestTimeout` is needed: without it this
 * SDK version only logs a warning when `requestTimeout` passes. A timed-out request is a transient
 * error the SDK retries, so the worst case of one call is `maxAttempts × requestTimeoutMs` plus
 * under a second of backoff.
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

/** What a handler needs, built once per container; or why it could not be built. */
export type Container =
  | { ready: true; config: FunctionConfig; service: SyncService; events?: ChangeEventsTarget }
  | { ready: false; error: Error };

/**
 * Builds the configuration, the Data API client and the sync service once, at module load,
 * outside the handler. A configuration error does not throw here (that would fail the init with
 * no request id and no response); it is kept, and every invocation reports it.
 */
export function createContainer(env: Environment, budgets: FunctionBudgets): Container {
  let config: FunctionConfig;
  try {
    config = readFunctionConfig(env, budgets);
  } catch (error) {
    return { ready: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
  const database = createDataApiDatabase(
    new RDSDataClient(dataApiClientConfig(config.dataApi)),
    config.database,
    config.resumePolicy,
  );
  const service = createSyncService({
    database,
    litellmUrl: config.litellmUrl,
    litellmRetry: config.litellmRetry,
    maxRetireFraction: config.maxRetireFraction,
    // Bugs only: expected failures are described by the sync result and logged by the handler.
    reportUnexpectedError: (error) => logger.error('Unexpected error during the sync', { error }),
  });
  const events = changeEventsTarget(config.eventBusName);
  return { ready: true, config, service, ...(events === undefined ? {} : { events }) };
}
