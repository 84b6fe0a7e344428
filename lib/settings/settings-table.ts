/**
 * The settings table: every setting that may be given in more than one place, one row each. A row
 * names the setting everywhere it can be given — the CDK context key of the stack, the environment
 * variable of the functions (and of the CLI), the CLI flag — with its rule (bounds included) and its
 * default. The stack, the functions and the CLI all read a setting through its row
 * (`readSetting` in lib/config.ts, `readContextSetting` in infra/config/context-reader.ts), so the
 * names, the bounds and the messages cannot drift apart; the docs checks compare the documented
 * tables with these rows. docs/development.md says how to add a setting.
 *
 * Plain data only: `infra/`, `functions/`, `cli/` and the tests import it without pulling in code.
 */
import type { SettingRule } from './setting-rule.js';

/** Which functions the stack hands a context value to, as the row's variable. */
export type FunctionGroup =
  /** The functions that run syncs: scheduled, start API, deploy-time. */
  | 'syncing'
  /** The read-only API function. */
  | 'read';

/** One setting, wherever it can be given. */
export interface SettingRow {
  /** The environment variable the functions read (and the CLI, when `cli` is set). */
  readonly variable: string;
  /** The stack's CDK context key. @default - the stack does not expose it */
  readonly contextKey?: string;
  /**
   * The functions the stack passes the context value to, as `variable`, when it is given (a value
   * not given is left unset, so the functions apply the default). @default - the stack sets the
   * variable itself (see infra/function-settings.ts) or not at all
   */
  readonly passTo?: FunctionGroup | readonly FunctionGroup[];
  /** The CLI reads `variable` too; `flag` wins over it. @default - the CLI does not read it */
  readonly cli?: { readonly flag?: string };
  readonly rule: SettingRule;
  /** The value when none is given. @default - none: required, or each function sets its own */
  readonly default?: number | boolean | string | readonly string[];
}

/** Every row, keyed by the name the code uses for the setting (the library's option name). */
export const SETTINGS = {
  maxRetireFraction: { variable: 'SYNC_MAX_RETIRE_FRACTION', contextKey: 'maxRetireFraction', passTo: 'syncing', cli: {}, rule: { kind: 'number', min: 0, max: 1 }, default: 0.5 },
  includeTeamModels: { variable: 'SYNC_INCLUDE_TEAM_MODELS', contextKey: 'includeTeamModels', passTo: 'syncing', cli: { flag: '--include-team-models' }, rule: { kind: 'boolean' }, default: false },
  includeModels: { variable: 'SYNC_INCLUDE', contextKey: 'includeModels', passTo: 'syncing', cli: { flag: '--include' }, rule: { kind: 'model-patterns' }, default: [] },
  excludeModels: { variable: 'SYNC_EXCLUDE', contextKey: 'excludeModels', passTo: 'syncing', cli: { flag: '--exclude' }, rule: { kind: 'model-patterns' }, default: [] },
  newModelsRestricted: { variable: 'SYNC_NEW_MODELS_RESTRICTED', contextKey: 'newModelsRestricted', passTo: 'syncing', cli: { flag: '--new-models-restricted' }, rule: { kind: 'boolean' }, default: false },
  retireAfterMissedRuns: { variable: 'SYNC_RETIRE_AFTER_MISSED_RUNS', contextKey: 'retireAfterMissedRuns', passTo: 'syncing', cli: { flag: '--retire-after-missed-runs' }, rule: { kind: 'integer', min: 1, max: 1000 }, default: 1 },
  litellmUrl: { variable: 'LITELLM_API_URL', contextKey: 'litellmUrl', cli: { flag: '--litellm-url' }, rule: { kind: 'http-url' } },
  allowInsecureLitellm: { variable: 'LITELLM_ALLOW_INSECURE', contextKey: 'allowInsecureLitellm', rule: { kind: 'boolean' }, default: false },
  litellmTimeoutMs: { variable: 'LITELLM_TIMEOUT_MS', cli: {}, rule: { kind: 'integer', min: 100, max: 120_000 }, default: 10_000 },
  litellmMaxAttempts: { variable: 'LITELLM_MAX_ATTEMPTS', cli: {}, rule: { kind: 'integer', min: 1, max: 10 }, default: 3 },
  litellmMaxResponseBytes: { variable: 'LITELLM_MAX_RESPONSE_BYTES', cli: {}, rule: { kind: 'integer', min: 1_000_000, max: 2_000_000_000 }, default: 50_000_000 },
  /** Each function's default is its budget (functions/commons/setup/budgets.ts); the stack sets it. */
  dbResumeBudgetMs: { variable: 'DB_RESUME_BUDGET_MS', rule: { kind: 'integer', min: 0, max: 600_000 } },
  syncIntervalMinutes: { variable: 'SYNC_INTERVAL_MINUTES', contextKey: 'syncIntervalMinutes', cli: {}, rule: { kind: 'integer', min: 1, max: 1440 }, default: 60 },
  autoSync: { variable: 'SYNC_SCHEDULE_ENABLED', contextKey: 'autoSync', cli: {}, rule: { kind: 'boolean' }, default: true },
  deploySync: { variable: 'DEPLOY_SYNC', contextKey: 'deploySync', rule: { kind: 'boolean' }, default: true },
  showCallerArns: { variable: 'SHOW_CALLER_ARNS', contextKey: 'showCallerArns', rule: { kind: 'boolean' }, default: false },
  /** Runs announce a provider retirement this many days ahead; the status lists what is that close. */
  deprecationWarnDays: { variable: 'SYNC_DEPRECATION_WARN_DAYS', contextKey: 'deprecationWarnDays', passTo: ['syncing', 'read'], cli: {}, rule: { kind: 'integer', min: 0, max: 365 }, default: 30 },
  /** How long the per-model change journal keeps an entry (pruned by syncs that change something). */
  journalRetentionDays: { variable: 'SYNC_JOURNAL_RETENTION_DAYS', contextKey: 'journalRetentionDays', passTo: 'syncing', cli: {}, rule: { kind: 'integer', min: 1, max: 3650 }, default: 180 },
  /** Write a row to LiteMaaS's audit_logs for each run that changed or failed (the CLI's off switch: --no-litemaas-audit). */
  litemaasAudit: { variable: 'SYNC_LITEMAAS_AUDIT', contextKey: 'litemaasAudit', passTo: 'syncing', cli: {}, rule: { kind: 'boolean' }, default: true },
  jwtScopeRead: { variable: 'JWT_SCOPE_READ', contextKey: 'jwtScopeRead', rule: { kind: 'scope' }, default: 'model-sync/read' },
  jwtScopeStart: { variable: 'JWT_SCOPE_START', contextKey: 'jwtScopeStart', rule: { kind: 'scope' }, default: 'model-sync/start' },
  jwtScopeForce: { variable: 'JWT_SCOPE_FORCE', contextKey: 'jwtScopeForce', rule: { kind: 'scope' }, default: 'model-sync/force' },
  /** LiteMaaS token mode: the longest token lifetime (`exp - iat`) the authorizer accepts; 24 is LiteMaaS's own `JWT_EXPIRES_IN`. The stack sets it on the authorizer. */
  litemaasTokenMaxLifetimeHours: { variable: 'LITEMAAS_TOKEN_MAX_LIFETIME_HOURS', contextKey: 'litemaasTokenMaxLifetimeHours', rule: { kind: 'integer', min: 1, max: 720 }, default: 24 },
} as const satisfies Record<string, SettingRow>;

/** The name of a row. */
export type SettingName = keyof typeof SETTINGS;
