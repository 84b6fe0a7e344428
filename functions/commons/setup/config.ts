import { ConfigError } from '../../../lib/errors.js';
import { parseLiteLLMUrl, readAdminVisibility, readCatalogPolicy, readLiteLLMMaxResponseBytes, readLiteLLMRetryPolicy, readMaxRetireFraction, readSetting, readSettingOrDefault, readVariable } from '../../../lib/config.js';
import type { AdminVisibilitySettings, Environment } from '../../../lib/config.js';
import { isPlainHttpUrl } from '../../../lib/setting-values.js';
import { RESOURCE_VARIABLES } from '../../../lib/settings/deploy-names.js';
import { SETTINGS } from '../../../lib/settings/settings-table.js';
import type { DataApiTarget } from '../../../lib/db/data-api/database.js';
import type { ResumePolicy } from '../../../lib/db/data-api/resume.js';
import type { LiteLLMRetryPolicy } from '../../../lib/litellm/client.js';
import type { CatalogPolicy } from '../../../lib/sync/types.js';
import type { DataApiClientBudget } from './budgets.js';

/** The PostgreSQL the functions connect to over the network (`DB_ADAPTER=postgres`). */
export interface PostgresSecretTarget {
  adapter: 'postgres';
  /** The secret in RDS's format: host, port, username, password, dbname, engine. */
  secretArn: string;
  /** Connect here instead of the secret's host, e.g. an RDS Proxy endpoint (`DB_HOST`). */
  host?: string;
  /** The database, instead of the secret's `dbname` (`DB_NAME`). */
  database?: string;
}

/** Where the functions reach the database: through the Data API (the default) or over the network. */
export type DatabaseTarget = (DataApiTarget & { adapter: 'data-api' }) | PostgresSecretTarget;

/** The values of `DB_ADAPTER`. */
const DATABASE_ADAPTERS = ['data-api', 'postgres'] as const;

/** What every function reads to reach the database. Holds ARNs only: no secret value. */
export interface DatabaseConfig {
  database: DatabaseTarget;
  resumePolicy: ResumePolicy;
  dataApi: DataApiClientBudget;
}

/** What a function that runs syncs reads besides the database. Holds ARNs only: no secret value. */
export interface SyncConfig extends DatabaseConfig {
  litellmUrl: string;
  /** The Secrets Manager secret holding the LiteLLM master key. */
  litellmKeySecretArn: string;
  maxRetireFraction: number;
  /** What the portal publishes (`SYNC_INCLUDE`, `SYNC_EXCLUDE`, ...); unset keeps the library default. */
  catalog: Partial<CatalogPolicy>;
  /** Journal retention, deprecation window, LiteMaaS audit row; unset keeps the library default. */
  adminVisibility: AdminVisibilitySettings;
  litellmMaxResponseBytes: number;
  litellmRetry: LiteLLMRetryPolicy;
  /** The EventBridge bus for change events (`EVENT_BUS_NAME`); unset: no events. */
  eventBusName?: string;
  /**
   * The function that completes `Prefer: respond-async` syncs (`ASYNC_SYNC_FUNCTION_NAME`, the
   * scheduled one); unset: the API answers synchronously.
   */
  asyncSyncFunctionName?: string;
}

/** The time budgets a handler chooses for itself; the environment may override some of them. */
export interface DatabaseBudgets {
  resumePolicy: ResumePolicy;
  /** How long a Data API request may take (see functions/commons/setup/budgets.ts). */
  dataApi: DataApiClientBudget;
}

export interface SyncBudgets extends DatabaseBudgets {
  litellmRetry: LiteLLMRetryPolicy;
}

function requireVariable(env: Environment, name: string, what: string): string {
  const value = readVariable(env, name);
  if (value === undefined) throw new ConfigError(`${name} is not set: give it ${what}.`);
  return value;
}

function requireArn(env: Environment, name: string, what: string): string {
  const value = requireVariable(env, name, what);
  if (!value.startsWith('arn:')) throw new ConfigError(`${name} must be an ARN (arn:...): give it ${what}.`);
  return value;
}

/**
 * The LiteLLM URL, refused when it is `http://` unless `LITELLM_ALLOW_INSECURE` is `true`: every
 * request carries the master key, which must not cross a network in clear.
 */
function readLitellmUrl(env: Environment): string {
  const { variable } = SETTINGS.litellmUrl;
  const url = parseLiteLLMUrl(readVariable(env, variable), variable);
  const allowInsecure = SETTINGS.allowInsecureLitellm;
  if (isPlainHttpUrl(url) && !readSettingOrDefault(env, allowInsecure)) {
    throw new ConfigError(
      `${variable} is an http:// URL, which would send the LiteLLM master key in clear. Use https://, or, ` +
        `when the functions reach LiteLLM inside a VPC, set ${allowInsecure.variable}=true ` +
        '(the stack does so in VPC mode or with the context allowInsecureLitellm=true).',
    );
  }
  return url;
}

/**
 * Reads and checks what a function needs to reach the database. Throws a `ConfigError` whose
 * message names the variable to fix.
 */
export function readDatabaseConfig(env: Environment, budgets: DatabaseBudgets): DatabaseConfig {
  return {
    database: readDatabaseTarget(env),
    resumePolicy: {
      ...budgets.resumePolicy,
      budgetMs: readSetting(env, SETTINGS.dbResumeBudgetMs) ?? budgets.resumePolicy.budgetMs,
    },
    dataApi: budgets.dataApi,
  };
}

/** A database user the stack points a group of functions at. */
export interface DatabaseUserConfig {
  /** The secret those functions sign in with (`DB_SECRET_ARN` of theirs). */
  secretArn: string;
  /** The role the stack created this secret for and the deploy-time function maintains; unset: an operator's own user, left alone. */
  role?: string;
}

/** The deploy-time function's view of who signs in as whom; unset variables: the roles are not managed. */
export interface DatabaseUsersConfig {
  /** The scheduled and start functions (`DB_WRITER_SECRET_ARN`, `DB_WRITER_ROLE`). */
  writer: DatabaseUserConfig;
  /** The read function (`DB_READER_SECRET_ARN`, `DB_READER_ROLE`). */
  reader: DatabaseUserConfig;
}

function databaseUser(env: Environment, secretVariable: string, roleVariable: string): DatabaseUserConfig | undefined {
  const secretArn = readVariable(env, secretVariable);
  if (secretArn === undefined) return undefined;
  if (!secretArn.startsWith('arn:')) throw new ConfigError(`${secretVariable} must be an ARN (arn:...) of a database credentials secret.`);
  const role = readVariable(env, roleVariable);
  return role === undefined ? { secretArn } : { secretArn, role };
}

/**
 * The writer and reader users the deploy-time function maintains (the stack sets all four
 * variables); undefined when it sets none, so only the migrations run. Throws a `ConfigError`.
 */
export function readDatabaseUsersConfig(env: Environment): DatabaseUsersConfig | undefined {
  const { writerSecretArn, writerRole, readerSecretArn, readerRole } = RESOURCE_VARIABLES;
  const writer = databaseUser(env, writerSecretArn, writerRole);
  const reader = databaseUser(env, readerSecretArn, readerRole);
  if (writer === undefined && reader === undefined) return undefined;
  if (writer === undefined || reader === undefined) {
    throw new ConfigError(`${writerSecretArn} and ${readerSecretArn} go together: give both (the stack sets them).`);
  }
  return { writer, reader };
}

/** `DB_ADAPTER` (unset: `data-api`) and the variables of that adapter. */
function readDatabaseTarget(env: Environment): DatabaseTarget {
  const { databaseAdapter, databaseHost, databaseName, databaseSecretArn, clusterArn } = RESOURCE_VARIABLES;
  const adapter = readVariable(env, databaseAdapter) ?? 'data-api';
  if (adapter === 'postgres') {
    const host = readVariable(env, databaseHost);
    const database = readVariable(env, databaseName);
    return {
      adapter,
      secretArn: requireArn(env, databaseSecretArn, 'the ARN of the database secret (RDS format: host, port, username, password, dbname)'),
      ...(host === undefined ? {} : { host }),
      ...(database === undefined ? {} : { database }),
    };
  }
  if (adapter !== 'data-api') throw new ConfigError(`${databaseAdapter} must be ${DATABASE_ADAPTERS.join(' or ')} (got "${adapter}").`);
  return {
    adapter,
    clusterArn: requireArn(env, clusterArn, 'the ARN of the Aurora cluster (Data API enabled)'),
    secretArn: requireArn(env, databaseSecretArn, 'the ARN of the database credentials secret'),
    database: requireVariable(env, databaseName, 'the name of the LiteMaaS database'),
  };
}

function optionalEventBus(env: Environment): { eventBusName?: string } {
  const name = readVariable(env, RESOURCE_VARIABLES.eventBusName);
  return name === undefined ? {} : { eventBusName: name };
}

function optionalAsyncFunction(env: Environment): { asyncSyncFunctionName?: string } {
  const name = readVariable(env, RESOURCE_VARIABLES.backgroundRunFunctionName);
  return name === undefined ? {} : { asyncSyncFunctionName: name };
}

/**
 * Reads and checks the configuration of a function that runs syncs. Throws a `ConfigError` whose
 * message names the variable to fix; it never reads a secret value, only the ARNs that point at one.
 *
 * @example
 * const config = readSyncConfig(process.env, { litellmRetry, resumePolicy, dataApi });
 */
export function readSyncConfig(env: Environment, budgets: SyncBudgets): SyncConfig {
  return {
    litellmUrl: readLitellmUrl(env),
    litellmKeySecretArn: requireArn(
      env,
      RESOURCE_VARIABLES.litellmKeySecretArn,
      'the ARN of the Secrets Manager secret holding the LiteLLM master key',
    ),
    ...readDatabaseConfig(env, budgets),
    maxRetireFraction: readMaxRetireFraction(env),
    catalog: readCatalogPolicy(env),
    adminVisibility: readAdminVisibility(env),
    litellmMaxResponseBytes: readLiteLLMMaxResponseBytes(env),
    litellmRetry: readLiteLLMRetryPolicy(env, budgets.litellmRetry),
    ...optionalEventBus(env),
    ...optionalAsyncFunction(env),
  };
}
