import { ConfigError } from '../../../lib/errors.js';
import {
  parseLiteLLMUrl,
  readAdminVisibility,
  readCatalogPolicy,
  readLiteLLMMaxResponseBytes,
  readLiteLLMRetryPolicy,
  readMaxRetireFraction,
  readSetting,
  readVariable,
} from '../../../lib/config.js';
import type { AdminVisibilitySettings, Environment } from '../../../lib/config.js';
import { isPlainHttpUrl } from '../../../lib/setting-values.js';
import { RESOURCE_VARIABLES } from '../../../lib/settings/deploy-names.js';
import { SETTINGS } from '../../../lib/settings/settings-table.js';
import type { DataApiTarget } from '../../../lib/db/data-api/database.js';
import type { ResumePolicy } from '../../../lib/db/data-api/resume.js';
import type { LiteLLMRetryPolicy } from '../../../lib/litellm/client.js';
import type { CatalogPolicy } from '../../../lib/sync/types.js';
import type { DataApiClientBudget } from './budgets.js';

/** What every function reads to reach the database. Holds ARNs only: no secret value. */
export interface DatabaseConfig {
  database: DataApiTarget;
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
  if (isPlainHttpUrl(url) && !(readSetting(env, allowInsecure) ?? allowInsecure.default)) {
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
    database: {
      clusterArn: requireArn(env, RESOURCE_VARIABLES.clusterArn, 'the ARN of the Aurora cluster (Data API enabled)'),
      secretArn: requireArn(env, RESOURCE_VARIABLES.databaseSecretArn, 'the ARN of the database credentials secret'),
      database: requireVariable(env, RESOURCE_VARIABLES.databaseName, 'the name of the LiteMaaS database'),
    },
    resumePolicy: {
      ...budgets.resumePolicy,
      budgetMs: readSetting(env, SETTINGS.dbResumeBudgetMs) ?? budgets.resumePolicy.budgetMs,
    },
    dataApi: budgets.dataApi,
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
