import { homedir, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import {
  givenValue,
  parseLiteLLMUrl,
  readCatalogPolicy,
  readLiteLLMMaxResponseBytes,
  readNumber,
  readVariable,
} from '../lib/config.js';
import { checkNamePatterns } from '../lib/catalog/name-patterns.js';
import { ConfigError } from '../lib/errors.js';
import type { Environment } from '../lib/config.js';
import type { CatalogPolicy, ScheduleInfo, SyncOptions } from '../lib/index.js';
import { resolveDataDir } from './data-dir.js';
import type { UserPlace } from './data-dir.js';

export const USAGE = `Usage: litemaas-model-sync [options]            sync once
       litemaas-model-sync runs [--limit N] [--json] list recorded runs, newest first
       litemaas-model-sync runs <run-id> [--json]    show one recorded run
       litemaas-model-sync status [--json]           the sync's health, as GET /sync/status
       npm run -s sync -- [options]                  the same from a checkout

Syncs the LiteMaaS "models" table with the models a LiteLLM proxy serves.

Options:
  --litellm-url URL        LiteLLM proxy base URL (default: $LITELLM_API_URL)
  --database-url URL       PostgreSQL URL (default: $DATABASE_URL; when neither is set,
                           an embedded PostgreSQL kept in the data directory)
  --data-dir DIR           The embedded PostgreSQL's data directory (default: $MODEL_SYNC_DATA_DIR,
                           else $XDG_DATA_HOME/litemaas-model-sync/postgres,
                           else ~/.local/share/litemaas-model-sync/postgres;
                           for root /var/lib/litemaas-model-sync/postgres)
  --dry-run                Show what would change; change and record nothing, schema included
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
  --limit N                With "runs": how many runs to list (default 20, at most 100)
  --events                 Also print the EventBridge change events the run would publish
                           (with --json: added to the result as "events"; docs/events.md)
  --json                   Print only the result as JSON
  --help                   Show this help

Environment:
  LITELLM_API_URL          LiteLLM proxy base URL
  LITELLM_API_KEY          LiteLLM master key (required to sync; never passed as a flag)
  DATABASE_URL             PostgreSQL URL; sslmode=require|verify-full and sslrootcert=FILE work
  MODEL_SYNC_DATA_DIR      The embedded PostgreSQL's data directory
  XDG_DATA_HOME            Base of the default data directory
  SYNC_MAX_RETIRE_FRACTION Largest share of available models one run may retire (default 0.5)
  LITELLM_TIMEOUT_MS       Per-attempt timeout for LiteLLM (default 10000)
  LITELLM_MAX_ATTEMPTS     Attempts for LiteLLM, retrying network errors, 429 and 5xx (default 3)
  LITELLM_MAX_RESPONSE_BYTES  Largest /model/info answer read (default 50000000)
  SYNC_SCHEDULE_ENABLED, SYNC_INTERVAL_MINUTES
                           With "status": the schedule to show (the CLI has none of its own)

Exit codes: 0 success, 1 the sync failed (or the run was not found, or with "status": the last
            run failed), 2 bad usage or configuration, 3 skipped because another sync is running.`;

/** Where the database is: a server by URL, or the embedded PostgreSQL in `dataDir`. */
export interface DatabaseChoice {
  /** Undefined: use the embedded PostgreSQL. */
  databaseUrl: string | undefined;
  dataDir: string;
}

export interface SyncCommand extends DatabaseChoice {
  command: 'sync';
  json: boolean;
  litellmUrl: string;
  litellmApiKey: string;
  options: Required<SyncOptions>;
  /** Print the run's change events too (docs/events.md). */
  events: boolean;
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


export interface RunsCommand extends DatabaseChoice {
  command: 'runs';
  json: boolean;
  limit: number;
  /** Show this one run instead of a list. */
  runId: string | undefined;
}

export interface StatusCommand extends DatabaseChoice {
  command: 'status';
  json: boolean;
  /** The schedule to show: the CLI has none of its own, so it comes from the environment or is unknown. */
  schedule: ScheduleInfo | null;
}

export type CliCommand = SyncCommand | RunsCommand | StatusCommand | { command: 'help' };

export const DEFAULT_RUN_LIMIT = 20;
// The same bounds as the API's GET /sync/runs, so the two answer the same question the same way.
const MAX_RUN_LIMIT = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

function currentUser(): UserPlace {
  try {
    return { uid: userInfo().uid, home: homedir() };
  } catch {
    return { uid: process.getuid?.() ?? -1, home: homedir() };
  }
}

/** Every flag the CLI accepts; docs/cli.md documents each (a test checks). */
export const OPTIONS = {
  'litellm-url': { type: 'string' },
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'force-update': { type: 'boolean', default: false },
  'no-mark-unavailable': { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'include-team-models': { type: 'boolean', default: false },
  'new-models-restricted': { type: 'boolean', default: false },
  'retire-after-missed-runs': { type: 'string' },
  limit: { type: 'string' },
  events: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** The catalog policy: each flag wins over its variable; a boolean flag can only switch on. */
function catalogPolicy(values: Values, env: Environment): Partial<CatalogPolicy> {
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

function parse(argv: string[]): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${reason}. See --help.`);
  }
}

function databaseChoice(values: Values, env: Environment, user: UserPlace): DatabaseChoice {
  const databaseFlag = givenValue(values['database-url']);
  const databaseUrl = databaseFlag ?? readVariable(env, 'DATABASE_URL');
  if (databaseUrl !== undefined) checkDatabaseUrl(databaseUrl, databaseFlag === undefined ? 'DATABASE_URL' : '--database-url');
  return { databaseUrl, dataDir: resolveDataDir(values['data-dir'], env, user) };
}

/** Flags that only mean something to one command are refused elsewhere rather than ignored. */
function refuseFlags(values: Values, names: (keyof Values)[], command: string): void {
  const given = names.filter((name) => values[name] !== undefined && values[name] !== false);
  if (given.length > 0) throw new ConfigError(`--${String(given[0])} does not apply to ${command}. See --help.`);
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_RUN_LIMIT;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUN_LIMIT) {
    throw new ConfigError(`--limit must be an integer from 1 to ${MAX_RUN_LIMIT} (got "${text}").`);
  }
  return limit;
}

/** The flags that only a sync reads. */
const SYNC_ONLY_FLAGS: (keyof Values)[] = [
  'litellm-url',
  'dry-run',
  'force-update',
  'no-mark-unavailable',
  'force',
  'include',
  'exclude',
  'include-team-models',
  'new-models-restricted',
  'retire-after-missed-runs',
  'events',
];

function runsCommand(values: Values, positionals: string[], env: Environment, user: UserPlace): RunsCommand {
  refuseFlags(values, SYNC_ONLY_FLAGS, '"runs"');
  if (positionals.length > 1) throw new ConfigError('"runs" takes at most one run id. See --help.');
  const runId = positionals[0]?.toLowerCase();
  if (runId !== undefined && !UUID.test(runId)) throw new ConfigError('A run id is a UUID, as "litemaas-model-sync runs" lists them.');
  if (runId !== undefined && values.limit !== undefined) throw new ConfigError('--limit lists runs; it does not apply to one run id.');
  return { command: 'runs', json: values.json, limit: parseLimit(values.limit), runId, ...databaseChoice(values, env, user) };
}

/** The schedule `status` shows, from the variables the stack sets on the read function. */
function scheduleFrom(env: Environment): ScheduleInfo | null {
  const enabled = readVariable(env, 'SYNC_SCHEDULE_ENABLED')?.toLowerCase();
  if (enabled === undefined) return null;
  if (enabled !== 'true' && enabled !== 'false') {
    throw new ConfigError(`SYNC_SCHEDULE_ENABLED must be true or false (got "${enabled}").`);
  }
  const interval = readVariable(env, 'SYNC_INTERVAL_MINUTES');
  return {
    enabled: enabled === 'true',
    intervalMinutes: interval === undefined ? null : readNumber(env, 'SYNC_INTERVAL_MINUTES', 60, { min: 1, max: 1440, integer: true }),
  };
}

function statusCommand(values: Values, positionals: string[], env: Environment, user: UserPlace): StatusCommand {
  refuseFlags(values, [...SYNC_ONLY_FLAGS, 'limit'], '"status"');
  if (positionals.length > 0) throw new ConfigError('"status" takes no arguments. See --help.');
  return { command: 'status', json: values.json, schedule: scheduleFrom(env), ...databaseChoice(values, env, user) };
}

function syncCommand(values: Values, env: Environment, user: UserPlace): SyncCommand {
  refuseFlags(values, ['limit'], 'a sync (it lists runs: litemaas-model-sync runs --limit N)');
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
  const options = {
    dryRun: values['dry-run'],
    forceUpdate: values['force-update'],
    markUnavailable: !values['no-mark-unavailable'],
    force: values.force,
  };
  return {
    command: 'sync',
    json: values.json,
    litellmUrl,
    litellmApiKey,
    options,
    events: values.events,
    catalog,
    litellmMaxResponseBytes,
    ...databaseChoice(values, env, user),
  };
}

/** Parses the command, flags and environment; throws ConfigError with what to set. */
export function parseCliArguments(argv: string[], env: Environment, user: UserPlace = currentUser()): CliCommand {
  const { values, positionals } = parse(argv);
  if (values.help) return { command: 'help' };
  const [command, ...rest] = positionals;
  if (command === 'runs') return runsCommand(values, rest, env, user);
  if (command === 'status') return statusCommand(values, rest, env, user);
  if (command !== undefined) throw new ConfigError(`Unknown command "${command}". See --help.`);
  return syncCommand(values, env, user);
}
