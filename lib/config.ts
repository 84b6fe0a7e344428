import { hasUrlCredentials } from './credentials.js';
import { ConfigError } from './errors.js';
import { DEFAULT_LITELLM_RETRY_POLICY } from './litellm/client.js';
import type { LiteLLMRetryPolicy } from './litellm/client.js';
import type { ScheduleInfo } from './sync/status.js';
import type { CatalogPolicy } from './sync/types.js';
import { httpUrlProblem, withoutTrailingSlashes } from './setting-values.js';
import { parseSettingText } from './settings/setting-rule.js';
import type { RuleValue } from './settings/setting-rule.js';
import { SETTINGS } from './settings/settings-table.js';
import type { SettingRow } from './settings/settings-table.js';

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
 * `bounds` (inclusive; the rule itself is `parseSettingText`, shared with the stack). Throws a
 * ConfigError that names `name` and echoes the text.
 *
 * @example
 * parseBoundedInteger('20', '--limit', { min: 1, max: 100 }); // 20
 * parseBoundedInteger('0', '--limit', { min: 1, max: 100 }); // throws "--limit must be an integer from 1 to 100 (got "0")."
 */
export function parseBoundedInteger(text: string, name: string, bounds: { min: number; max: number }): number {
  return parseSettingText({ kind: 'integer', ...bounds }, text, name);
}

/**
 * A setting's value from its row's variable (lib/settings/settings-table.ts), checked by the row's
 * rule; undefined when not given. Throws a ConfigError naming the variable.
 *
 * @example
 * readSetting(process.env, SETTINGS.retireAfterMissedRuns); // 3 for SYNC_RETIRE_AFTER_MISSED_RUNS=3
 */
export function readSetting<R extends SettingRow>(env: Environment, row: R): RuleValue<R['rule']> | undefined {
  const text = readVariable(env, row.variable);
  return text === undefined ? undefined : parseSettingText<R['rule']>(row.rule, text, row.variable);
}

/** `readSetting`, or the row's default when the variable is not given. */
export function readSettingOrDefault<R extends SettingRow & { readonly default: RuleValue<R['rule']> }>(env: Environment, row: R): RuleValue<R['rule']> {
  return readSetting(env, row) ?? row.default;
}

/** `SYNC_MAX_RETIRE_FRACTION`: the share of available models one run may retire. */
export function readMaxRetireFraction(env: Environment): number {
  return readSettingOrDefault(env, SETTINGS.maxRetireFraction);
}

/** What a run keeps for LiteMaaS admins, and how far ahead it warns (unset: the library's defaults). */
export interface AdminVisibilitySettings {
  deprecationWarnDays?: number;
  journalRetentionDays?: number;
  litemaasAudit?: boolean;
}

/** `SYNC_DEPRECATION_WARN_DAYS`, `SYNC_JOURNAL_RETENTION_DAYS`, `SYNC_LITEMAAS_AUDIT`: only those given. */
export function readAdminVisibility(env: Environment): AdminVisibilitySettings {
  const given = {
    deprecationWarnDays: readSetting(env, SETTINGS.deprecationWarnDays),
    journalRetentionDays: readSetting(env, SETTINGS.journalRetentionDays),
    litemaasAudit: readSetting(env, SETTINGS.litemaasAudit),
  };
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
}

/** LiteLLM timeouts: `LITELLM_TIMEOUT_MS` and `LITELLM_MAX_ATTEMPTS` over a caller's defaults. */
export function readLiteLLMRetryPolicy(
  env: Environment,
  defaults: LiteLLMRetryPolicy = DEFAULT_LITELLM_RETRY_POLICY,
): LiteLLMRetryPolicy {
  return {
    ...defaults,
    timeoutMs: readSetting(env, SETTINGS.litellmTimeoutMs) ?? defaults.timeoutMs,
    maxAttempts: readSetting(env, SETTINGS.litellmMaxAttempts) ?? defaults.maxAttempts,
  };
}

/**
 * The schedule as the stack configured it (`SYNC_SCHEDULE_ENABLED`, `SYNC_INTERVAL_MINUTES`), for
 * the status read; null when not given (the CLI has no schedule of its own).
 */
export function readSchedule(env: Environment): ScheduleInfo | null {
  const enabled = readSetting(env, SETTINGS.autoSync);
  if (enabled === undefined) return null;
  return { enabled, intervalMinutes: readSetting(env, SETTINGS.syncIntervalMinutes) ?? null };
}

/** The rows of the catalog policy (contract §7), by the policy's field names. */
export const CATALOG_SETTINGS = {
  includeTeamModels: SETTINGS.includeTeamModels,
  includeModels: SETTINGS.includeModels,
  excludeModels: SETTINGS.excludeModels,
  newModelsRestricted: SETTINGS.newModelsRestricted,
  retireAfterMissedRuns: SETTINGS.retireAfterMissedRuns,
} as const satisfies { [K in keyof CatalogPolicy]: SettingRow };

/**
 * The catalog policy from `SYNC_*` variables; what is not given is left out, so the library's
 * default (lib/sync/settings.ts) applies.
 */
export function readCatalogPolicy(env: Environment): Partial<CatalogPolicy> {
  const entries = Object.entries(CATALOG_SETTINGS).map(([name, row]) => [name, readSetting(env, row)] as const);
  const given: Partial<CatalogPolicy> = Object.fromEntries(entries.filter(([, value]) => value !== undefined));
  return given;
}

/** `LITELLM_MAX_RESPONSE_BYTES`: the largest `/model/info` answer read (1 MB to 2 GB). */
export function readLiteLLMMaxResponseBytes(env: Environment): number {
  return readSettingOrDefault(env, SETTINGS.litellmMaxResponseBytes);
}
