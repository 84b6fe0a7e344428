import { splitNamePatterns } from './catalog/name-patterns.js';
import { hasUrlCredentials } from './credentials.js';
import { ConfigError } from './errors.js';
import { DEFAULT_LITELLM_MAX_RESPONSE_BYTES, DEFAULT_LITELLM_RETRY_POLICY } from './litellm/client.js';
import type { LiteLLMRetryPolicy } from './litellm/client.js';
import type { ScheduleInfo } from './sync/status.js';
import type { CatalogPolicy } from './sync/types.js';
import { httpUrlProblem, parseBooleanText, parseBoundedNumber, withoutTrailingSlashes } from './setting-values.js';

/** Environment variables as Node gives them; unset and empty mean the same: not given. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A trimmed value, or undefined when it is missing or blank: such a setting counts as not given. */
export function givenValue(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** A variable's value, or undefined when it is unset or empty. */
export function readVariable(env: Environment, name: string): string | undefined {
  return givenValue(env[name]);
}

/** Checks that a LiteLLM URL is an http(s) URL; loopback addresses are fine. */
export function parseLiteLLMUrl(value: string | undefined, source: string): string {
  if (value === undefined) {
    throw new ConfigError(`No LiteLLM URL: set ${source} to the proxy base URL, e.g. http://localhost:4000.`);
  }
  const problem = httpUrlProblem(value);
  if (problem === 'not-a-url') {
    throw new ConfigError(`${source} is not a URL; give the LiteLLM proxy base URL, e.g. http://localhost:4000.`);
  }
  if (problem === 'not-http') {
    throw new ConfigError(`${source} must be an http or https URL.`);
  }
  if (hasUrlCredentials(value)) {
    throw new ConfigError(`${source} must not contain credentials (user:password@); give the LiteLLM master key separately (LITELLM_API_KEY, or the key secret when deployed).`);
  }
  return withoutTrailingSlashes(value);
}

/**
 * The one rule for a whole number a person types, in a flag or a variable: plain digits within
 * `bounds` (inclusive; the rule itself is `parseBoundedNumber`, shared with the stack). Throws a
 * ConfigError that names `name` and echoes the text.
 *
 * @example
 * parseBoundedInteger('20', '--limit', { min: 1, max: 100 }); // 20
 * parseBoundedInteger('0', '--limit', { min: 1, max: 100 }); // throws "--limit must be an integer from 1 to 100 (got "0")."
 */
export function parseBoundedInteger(text: string, name: string, bounds: { min: number; max: number }): number {
  const value = parseBoundedNumber(text.trim(), { ...bounds, integer: true });
  if (value === undefined) throw new ConfigError(`${name} must be an integer from ${bounds.min} to ${bounds.max} (got "${text}").`);
  return value;
}

/** A number from a variable within bounds, or the default when not given. */
export function readNumber(
  env: Environment,
  name: string,
  fallback: number,
  bounds: { min: number; max: number; integer?: boolean },
): number {
  const text = readVariable(env, name);
  if (text === undefined) return fallback;
  if (bounds.integer === true) return parseBoundedInteger(text, name, bounds);
  const value = parseBoundedNumber(text, bounds);
  if (value === undefined) {
    throw new ConfigError(`${name} must be a number from ${bounds.min} to ${bounds.max} (got "${text}").`);
  }
  return value;
}

/** `SYNC_MAX_RETIRE_FRACTION`: the share of available models one run may retire. */
export function readMaxRetireFraction(env: Environment): number {
  return readNumber(env, 'SYNC_MAX_RETIRE_FRACTION', 0.5, { min: 0, max: 1 });
}

/** LiteLLM timeouts: `LITELLM_TIMEOUT_MS` and `LITELLM_MAX_ATTEMPTS` over a caller's defaults. */
export function readLiteLLMRetryPolicy(
  env: Environment,
  defaults: LiteLLMRetryPolicy = DEFAULT_LITELLM_RETRY_POLICY,
): LiteLLMRetryPolicy {
  return {
    ...defaults,
    timeoutMs: readNumber(env, 'LITELLM_TIMEOUT_MS', defaults.timeoutMs, { min: 100, max: 120_000, integer: true }),
    maxAttempts: readNumber(env, 'LITELLM_MAX_ATTEMPTS', defaults.maxAttempts, { min: 1, max: 10, integer: true }),
  };
}

/** `true` or `false` (any case) from a variable; undefined when not given. */
export function readBoolean(env: Environment, name: string): boolean | undefined {
  const text = readVariable(env, name);
  if (text === undefined) return undefined;
  const value = parseBooleanText(text);
  if (value === undefined) throw new ConfigError(`${name} must be true or false (got "${text.toLowerCase()}").`);
  return value;
}

/** How many successive missed runs may retire a model (`retireAfterMissedRuns`), wherever it is set. */
export const RETIRE_AFTER_MISSED_RUNS_BOUNDS = { min: 1, max: 1000 } as const;

/**
 * The schedule as the stack configured it (`SYNC_SCHEDULE_ENABLED`, `SYNC_INTERVAL_MINUTES`), for
 * the status read; null when not given (the CLI has no schedule of its own).
 */
export function readSchedule(env: Environment): ScheduleInfo | null {
  const enabled = readBoolean(env, 'SYNC_SCHEDULE_ENABLED');
  if (enabled === undefined) return null;
  const interval = readVariable(env, 'SYNC_INTERVAL_MINUTES');
  return {
    enabled,
    intervalMinutes: interval === undefined ? null : readNumber(env, 'SYNC_INTERVAL_MINUTES', 60, { min: 1, max: 1440, integer: true }),
  };
}

/** Model-name globs from a comma-separated variable (`gpt-*,RedHatAI/*`); an empty item is refused. */
export function readPatternList(env: Environment, name: string): string[] | undefined {
  const text = readVariable(env, name);
  return text === undefined ? undefined : splitNamePatterns(text, name);
}

/**
 * The catalog policy from `SYNC_*` variables; what is not given is left out, so the library's
 * default (lib/sync/settings.ts) applies.
 */
export function readCatalogPolicy(env: Environment): Partial<CatalogPolicy> {
  const retireAfter = readVariable(env, 'SYNC_RETIRE_AFTER_MISSED_RUNS');
  const policy: Partial<CatalogPolicy> = {
    includeTeamModels: readBoolean(env, 'SYNC_INCLUDE_TEAM_MODELS'),
    includeModels: readPatternList(env, 'SYNC_INCLUDE'),
    excludeModels: readPatternList(env, 'SYNC_EXCLUDE'),
    newModelsRestricted: readBoolean(env, 'SYNC_NEW_MODELS_RESTRICTED'),
    retireAfterMissedRuns:
      retireAfter === undefined ? undefined : parseBoundedInteger(retireAfter, 'SYNC_RETIRE_AFTER_MISSED_RUNS', RETIRE_AFTER_MISSED_RUNS_BOUNDS),
  };
  return Object.fromEntries(Object.entries(policy).filter(([, value]) => value !== undefined));
}

/** `LITELLM_MAX_RESPONSE_BYTES`: the largest `/model/info` answer read (1 MB to 2 GB). */
export function readLiteLLMMaxResponseBytes(env: Environment): number {
  return readNumber(env, 'LITELLM_MAX_RESPONSE_BYTES', DEFAULT_LITELLM_MAX_RESPONSE_BYTES, {
    min: 1_000_000,
    max: 2_000_000_000,
    integer: true,
  });
}
