import { ConfigError } from '../../lib/errors.js';
import { parseLiteLLMUrl, readLiteLLMRetryPolicy, readMaxRetireFraction, readNumber, readVariable } from '../../lib/config.js';
import type { Environment } from '../../lib/config.js';
import type { DataApiTarget, ResumePolicy } from '../../lib/db/data-api-adapter.js';
import type { LiteLLMRetryPolicy } from '../../lib/litellm/client.js';
import type { DataApiClientBudget } from './budgets.js';

/** Everything a handler reads from its environment. Holds ARNs only: no secret value. */
export interface FunctionConfig {
  litellmUrl: string;
  /** The Secrets Manager secret holding the LiteLLM master key. */
  litellmKeySecretArn: string;
  database: DataApiTarget;
  maxRetireFraction: number;
  litellmRetry: LiteLLMRetryPolicy;
  resumePolicy: ResumePolicy;
  dataApi: DataApiClientBudget;
  /** The EventBridge bus for change events (`EVENT_BUS_NAME`); unset: no events. */
  eventBusName?: string;
  /** The function that completes `Prefer: respond-async` syncs (`ASYNC_SYNC_FUNCTION_NAME`); unset: the API answers synchronously. */
  asyncSyncFunctionName?: string;
  /** What `GET /sync/status` says about the schedule (`SYNC_SCHEDULE_ENABLED`, `SYNC_INTERVAL_MINUTES`). */
  schedule: { enabled: boolean; intervalMinutes: number | null } | null;
}

/** The time budgets a handler chooses for itself; the environment may override some of them. */
export interface FunctionBudgets {
  litellmRetry: LiteLLMRetryPolicy;
  resumePolicy: ResumePolicy;
  /** How long a Data API request may take (see functions/commons/budgets.ts). */
  dataApi: DataApiClientBudget;
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
 * Reads and checks the handler configuration. Throws a `ConfigError` whose message names the
 * variable to fix; it never reads a secret value, only the ARNs that point at one.
 *
 * @example
 * const config = readFunctionConfig(process.env, { litellmRetry, resumePolicy, dataApi });
 */
export function readFunctionConfig(env: Environment, budgets: FunctionBudgets): FunctionConfig {
  return {
    litellmUrl: parseLiteLLMUrl(readVariable(env, 'LITELLM_API_URL'), 'LITELLM_API_URL'),
    litellmKeySecretArn: requireArn(
      env,
      'LITELLM_API_KEY_SECRET_ARN',
      'the ARN of the Secrets Manager secret holding the LiteLLM master key',
    ),
    database: {
      clusterArn: requireArn(env, 'DB_CLUSTER_ARN', 'the ARN of the Aurora cluster (Data API enabled)'),
      secretArn: requireArn(env, 'DB_SECRET_ARN', 'the ARN of the database credentials secret'),
      database: requireVariable(env, 'DB_NAME', 'the name of the LiteMaaS database'),
    },
    maxRetireFraction: readMaxRetireFraction(env),
    litellmRetry: readLiteLLMRetryPolicy(env, budgets.litellmRetry),
    resumePolicy: {
      ...budgets.resumePolicy,
      budgetMs: readNumber(env, 'DB_RESUME_BUDGET_MS', budgets.resumePolicy.budgetMs, {
        min: 0,
        max: 600_000,
        integer: true,
      }),
    },
    dataApi: budgets.dataApi,
    ...optionalEventBus(env),
    ...optionalAsyncFunction(env),
    schedule: readSchedule(env),
  };
}

function optionalEventBus(env: Environment): { eventBusName?: string } {
  const name = readVariable(env, 'EVENT_BUS_NAME');
  return name === undefined ? {} : { eventBusName: name };
}

function optionalAsyncFunction(env: Environment): { asyncSyncFunctionName?: string } {
  const name = readVariable(env, 'ASYNC_SYNC_FUNCTION_NAME');
  return name === undefined ? {} : { asyncSyncFunctionName: name };
}

/** The schedule as the stack configured it; null when the stack did not say (e.g. older stacks). */
function readSchedule(env: Environment): FunctionConfig['schedule'] {
  const enabled = readVariable(env, 'SYNC_SCHEDULE_ENABLED');
  if (enabled === undefined) return null;
  if (enabled !== 'true' && enabled !== 'false') {
    throw new ConfigError('SYNC_SCHEDULE_ENABLED must be true or false.');
  }
  const interval = readVariable(env, 'SYNC_INTERVAL_MINUTES');
  return {
    enabled: enabled === 'true',
    intervalMinutes:
      interval === undefined ? null : readNumber(env, 'SYNC_INTERVAL_MINUTES', 60, { min: 1, max: 1440, integer: true }),
  };
}
