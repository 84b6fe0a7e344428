/**
 * The one place that chooses the database adapter: the RDS Data API (Aurora, the default) or
 * node-postgres over the network (`DB_ADAPTER=postgres`, the functions in a VPC).
 */
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import type { RDSDataClientConfig } from '@aws-sdk/client-rds-data';
import { createDataApiDatabase } from '../../../lib/db/data-api/database.js';
import type { DatabasePort } from '../../../lib/db/port.js';
import type { DataApiClientBudget } from './budgets.js';
import type { DatabaseConfig, PostgresSecretTarget } from './config.js';

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

/**
 * node-postgres, loaded only when it is used: the dynamic import puts it (and the RDS CAs, about
 * 280 KiB) in a chunk of its own in every handler's package (infra/handler-bundling.ts), so a cold
 * start in the Data API mode neither reads nor parses it. Keep it the only import of this module.
 */
function postgresDatabase(target: PostgresSecretTarget, budget: DataApiClientBudget): DatabasePort {
  const port = import('./postgres-database.js').then((module) => module.createSecretPostgresDatabase(target, budget));
  return {
    execute: async (statement, parameters) => (await port).execute(statement, parameters),
    transaction: async (work, options) => (await port).transaction(work, options),
  };
}

/**
 * The database port for a function's configuration. Nothing connects here: the Data API client
 * sends nothing until a statement runs, and the node-postgres pool reads its secret on first use.
 *
 * @example
 * const database = createDatabase(readDatabaseConfig(process.env, budgets));
 */
export function createDatabase(config: DatabaseConfig): DatabasePort {
  const target = config.database;
  if (target.adapter === 'postgres') return postgresDatabase(target, config.dataApi);
  return createDataApiDatabase(new RDSDataClient(dataApiClientConfig(config.dataApi)), target, config.resumePolicy);
}
