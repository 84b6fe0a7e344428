import { parseArgs } from 'node:util';
import { givenValue, parseLiteLLMUrl, readCatalogPolicy, readLiteLLMMaxResponseBytes, readVariable } from '../lib/config.js';
import { checkNamePatterns } from '../lib/catalog/name-patterns.js';
import { ConfigError } from '../lib/errors.js';
import type { Environment } from '../lib/config.js';
import type { CatalogPolicy, SyncOptions } from '../lib/index.js';

export const USAGE = `Usage: npm run sync -- [options]
       litemaas-model-sync [options]

Syncs the LiteMaaS "models" table with the models a LiteLLM proxy serves.

Options:
  --litellm-url URL        LiteLLM proxy base URL (default: $LITELLM_API_URL)
  --database-url URL       PostgreSQL URL (default: $DATABASE_URL; when neither is set,
                           an embedded PostgreSQL kept in .data/postgres)
  --dry-run                Show what would change; change and record nothing
  --force-update           Rewrite every model row, even unchanged ones
  --no-mark-unavailable    Do not retire models that LiteLLM no longer lists
  --force                  Override the mass-retirement guard
  --include GLOB           Publish only model names matching GLOB (repeatable; * any run,
                           / included, ? one character; default: $SYNC_INCLUDE, comma-separated)
  --exclude GLOB           Never publish names matching GLOB; wins over --include
                           (repeatable; default: $SYNC_EXCLUDE)
  --include-team-models    Publish team-only (BYOK) models too ($SYNC_INCLUDE_TEAM_MODELS=true)
  --new-models-restricted  Insert new models with restricted_access = true, so subscriptions
                           need admin approval ($SYNC_NEW_MODELS_RESTRICTED=true)
  --retire-after-missed-runs N
                           Retire a model only after N successive runs missed it
                           (default: $SYNC_RETIRE_AFTER_MISSED_RUNS, else 1 = at once)
  --json                   Print only the result as JSON
  --help                   Show this help

Environment:
  LITELLM_API_KEY          LiteLLM master key (required; never passed as a flag)
  SYNC_MAX_RETIRE_FRACTION Largest share of available models one run may retire (default 0.5)
  LITELLM_TIMEOUT_MS       Per-attempt timeout for LiteLLM (default 10000)
  LITELLM_MAX_ATTEMPTS     Attempts for LiteLLM, retrying network errors, 429 and 5xx (default 3)
  LITELLM_MAX_RESPONSE_BYTES  Largest /model/info answer read (default 50000000)

Exit codes: 0 success, 1 the sync failed, 2 bad usage or configuration,
            3 skipped because another sync is running.`;

export interface CliArguments {
  help: boolean;
  json: boolean;
  litellmUrl: string;
  litellmApiKey: string;
  /** Undefined: use the embedded PostgreSQL. */
  databaseUrl: string | undefined;
  options: Required<SyncOptions>;
  /** What the portal publishes: flags over `SYNC_*` variables over the library's defaults. */
  catalog: Partial<CatalogPolicy>;
  litellmMaxResponseBytes: number;
}

/** Repeated pattern flags; an empty one is refused with the flag's name (the library's rule). */
function patternFlag(values: string[] | undefined, flag: string): string[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return checkNamePatterns(values, flag).map((value) => value.trim());
}

function retireAfterFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > 1000) {
    throw new ConfigError(`--retire-after-missed-runs must be a whole number from 1 to 1000 (got "${text}").`);
  }
  return value;
}

/** The catalog policy: each flag wins over its variable; a boolean flag can only switch on. */
function catalogPolicy(values: {
  include?: string[];
  exclude?: string[];
  'include-team-models': boolean;
  'new-models-restricted': boolean;
  'retire-after-missed-runs'?: string;
}, env: Environment): Partial<CatalogPolicy> {
  const fromEnv = readCatalogPolicy(env);
  const includeModels = patternFlag(values.include, '--include') ?? fromEnv.includeModels;
  const excludeModels = patternFlag(values.exclude, '--exclude') ?? fromEnv.excludeModels;
  const retireAfterMissedRuns = retireAfterFlag(values['retire-after-missed-runs']) ?? fromEnv.retireAfterMissedRuns;
  return {
    ...fromEnv,
    ...(includeModels === undefined ? {} : { includeModels }),
    ...(excludeModels === undefined ? {} : { excludeModels }),
    ...(values['include-team-models'] ? { includeTeamModels: true } : {}),
    ...(values['new-models-restricted'] ? { newModelsRestricted: true } : {}),
    ...(retireAfterMissedRuns === undefined ? {} : { retireAfterMissedRuns }),
  };
}

/** A PostgreSQL URL, checked without ever echoing it (it usually holds a password). */
function checkDatabaseUrl(value: string, source: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new ConfigError(`${source} must be a PostgreSQL URL: postgres://user:password@host:5432/database.`);
  }
}

/** Parses flags and environment; throws ConfigError with what to set. */
export function parseCliArguments(argv: string[], env: Environment): CliArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'litellm-url': { type: 'string' },
        'database-url': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'force-update': { type: 'boolean', default: false },
        'no-mark-unavailable': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        include: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        'include-team-models': { type: 'boolean', default: false },
        'new-models-restricted': { type: 'boolean', default: false },
        'retire-after-missed-runs': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${reason}. See --help.`);
  }
  const options = {
    dryRun: values['dry-run'],
    forceUpdate: values['force-update'],
    markUnavailable: !values['no-mark-unavailable'],
    force: values.force,
  };
  if (values.help) {
    return {
      help: true,
      json: values.json,
      litellmUrl: '',
      litellmApiKey: '',
      databaseUrl: undefined,
      options,
      catalog: {},
      litellmMaxResponseBytes: 0,
    };
  }
  // Checked before anything else is needed, so a bad pattern is reported as such, and nothing is written.
  const catalog = catalogPolicy(values, env);
  const litellmMaxResponseBytes = readLiteLLMMaxResponseBytes(env);
  const urlFlag = givenValue(values['litellm-url']);
  const litellmUrl = parseLiteLLMUrl(
    urlFlag ?? readVariable(env, 'LITELLM_API_URL'),
    urlFlag === undefined ? 'LITELLM_API_URL (or --litellm-url)' : '--litellm-url',
  );
  const litellmApiKey = readVariable(env, 'LITELLM_API_KEY');
  if (litellmApiKey === undefined) {
    throw new ConfigError('No LiteLLM key: set LITELLM_API_KEY to the proxy master key.');
  }
  const databaseFlag = givenValue(values['database-url']);
  const databaseUrl = databaseFlag ?? readVariable(env, 'DATABASE_URL');
  if (databaseUrl !== undefined) checkDatabaseUrl(databaseUrl, databaseFlag === undefined ? 'DATABASE_URL' : '--database-url');
  return { help: false, json: values.json, litellmUrl, litellmApiKey, databaseUrl, options, catalog, litellmMaxResponseBytes };
}
