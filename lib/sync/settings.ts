import { createNameFilter } from '../catalog/name-patterns.js';
import type { CatalogRules } from '../catalog/select-deployments.js';
import type { DatabasePort } from '../db/port.js';
import { REQUEST_BUDGET_BYTES } from '../db/port.js';
import type { LiteLLMRetryPolicy } from '../litellm/client.js';
import { DEFAULT_LITELLM_MAX_RESPONSE_BYTES, DEFAULT_LITELLM_RETRY_POLICY } from '../litellm/client.js';
import { checkSettingNumber } from '../settings/setting-rule.js';
import { SETTINGS } from '../settings/settings-table.js';
import type { CatalogPolicy } from './types.js';

/** How a sync service is set up: once per process or Lambda container. */
export interface SyncServiceSettings extends Partial<CatalogPolicy> {
  database: DatabasePort;
  litellmUrl: string;
  /** @default DEFAULT_LITELLM_RETRY_POLICY */
  litellmRetry?: LiteLLMRetryPolicy;
  /** Largest `/model/info` answer read; a larger one fails the run before memory runs out. @default 50,000,000 */
  litellmMaxResponseBytes?: number;
  /** @default 0.5 */
  maxRetireFraction?: number;
  /** @default REQUEST_BUDGET_BYTES (3.5 MB, under the Data API's 4 MiB) */
  requestBudgetBytes?: number;
  /** How many days before a provider retires a model it is announced. @default 30 */
  deprecationWarnDays?: number;
  /** How many days the per-model change journal keeps an entry. @default 180 */
  journalRetentionDays?: number;
  /** Write a row to LiteMaaS's `audit_logs`, when the database has it, for each run that changed or failed. @default true */
  litemaasAudit?: boolean;
  /** Told about failures that are not ours to explain (bugs), with full detail, for the logs. */
  reportUnexpectedError?: (error: unknown) => void;
}

/** The settings with every default applied and the name patterns compiled. */
export type ResolvedSettings = Required<Omit<SyncServiceSettings, 'reportUnexpectedError'>> &
  Pick<SyncServiceSettings, 'reportUnexpectedError'> & { catalogRules: CatalogRules };

/** The policy when nothing is given: the defaults of the settings rows (lib/settings/settings-table.ts). */
export const DEFAULT_CATALOG_POLICY: CatalogPolicy = {
  includeTeamModels: SETTINGS.includeTeamModels.default,
  includeModels: [...SETTINGS.includeModels.default],
  excludeModels: [...SETTINGS.excludeModels.default],
  newModelsRestricted: SETTINGS.newModelsRestricted.default,
  retireAfterMissedRuns: SETTINGS.retireAfterMissedRuns.default,
};

/**
 * Applies the defaults; throws ConfigError for an empty name pattern, or a retirement grace or
 * fraction outside its row's bounds (the bounds the CLI, the functions and the stack apply).
 */
export function resolveSettings(settings: SyncServiceSettings): ResolvedSettings {
  const resolved = {
    ...DEFAULT_CATALOG_POLICY,
    litellmRetry: DEFAULT_LITELLM_RETRY_POLICY,
    litellmMaxResponseBytes: DEFAULT_LITELLM_MAX_RESPONSE_BYTES,
    maxRetireFraction: SETTINGS.maxRetireFraction.default,
    requestBudgetBytes: REQUEST_BUDGET_BYTES,
    deprecationWarnDays: SETTINGS.deprecationWarnDays.default,
    journalRetentionDays: SETTINGS.journalRetentionDays.default,
    litemaasAudit: SETTINGS.litemaasAudit.default,
    ...withoutUndefined(settings),
  };
  checkSettingNumber(SETTINGS.retireAfterMissedRuns.rule, resolved.retireAfterMissedRuns, 'retireAfterMissedRuns');
  checkSettingNumber(SETTINGS.maxRetireFraction.rule, resolved.maxRetireFraction, 'maxRetireFraction');
  checkSettingNumber(SETTINGS.deprecationWarnDays.rule, resolved.deprecationWarnDays, 'deprecationWarnDays');
  checkSettingNumber(SETTINGS.journalRetentionDays.rule, resolved.journalRetentionDays, 'journalRetentionDays');
  return {
    ...resolved,
    catalogRules: {
      nameFilter: createNameFilter(resolved.includeModels, resolved.excludeModels),
      includeTeamModels: resolved.includeTeamModels,
    },
  };
}

/** The catalog policy of resolved settings, as it is recorded with each run. */
export function catalogPolicyOf(settings: ResolvedSettings): CatalogPolicy {
  return {
    includeTeamModels: settings.includeTeamModels,
    includeModels: settings.includeModels,
    excludeModels: settings.excludeModels,
    newModelsRestricted: settings.newModelsRestricted,
    retireAfterMissedRuns: settings.retireAfterMissedRuns,
  };
}

/** `{a: undefined}` must not override a default when spread. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
