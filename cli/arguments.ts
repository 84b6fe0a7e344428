import { homedir, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import {
  givenValue,
  parseBoundedInteger,
  parseLiteLLMUrl,
  readCatalogPolicy,
  readLiteLLMMaxResponseBytes,
  readSchedule,
  readVariable,
  RETIRE_AFTER_MISSED_RUNS_BOUNDS,
} from '../lib/config.js';
import { checkNamePatterns } from '../lib/catalog/name-patterns.js';
import { ConfigError } from '../lib/errors.js';
import type { Environment } from '../lib/config.js';
import type { CatalogPolicy } from '../lib/index.js';
import type { CliCommand, DatabaseChoice, RunsCommand, StatusCommand, SyncCommand } from './commands.js';
import { resolveDataDir } from './data-dir.js';
import type { UserPlace } from './data-dir.js';

/** Repeated pattern flags; an empty one is refused with the flag's name (the library's rule). */
function patternFlag(values: string[] | undefined, flag: string): string[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return checkNamePatterns(values, flag).map((value) => value.trim());
}

function retireAfterFlag(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseBoundedInteger(text, '--retire-after-missed-runs', RETIRE_AFTER_MISSED_RUNS_BOUNDS);
}

const DEFAULT_RUN_LIMIT = 20;
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
  return text === undefined ? DEFAULT_RUN_LIMIT : parseBoundedInteger(text, '--limit', { min: 1, max: MAX_RUN_LIMIT });
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
function statusCommand(values: Values, positionals: string[], env: Environment, user: UserPlace): StatusCommand {
  refuseFlags(values, [...SYNC_ONLY_FLAGS, 'limit'], '"status"');
  if (positionals.length > 0) throw new ConfigError('"status" takes no arguments. See --help.');
  return { command: 'status', json: values.json, schedule: readSchedule(env), ...databaseChoice(values, env, user) };
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

/** The demo brings everything it needs: nothing to choose. */
function demoCommand(values: Values, positionals: string[]): CliCommand {
  const given = Object.entries(values).filter(([, value]) => value !== undefined && value !== false);
  if (given.length > 0 || positionals.length > 0) throw new ConfigError('"demo" takes no options or arguments. See --help.');
  return { command: 'demo' };
}

/** Parses the command, flags and environment; throws ConfigError with what to set. */
export function parseCliArguments(argv: string[], env: Environment, user: UserPlace = currentUser()): CliCommand {
  const { values, positionals } = parse(argv);
  if (values.help) return { command: 'help' };
  const [command, ...rest] = positionals;
  if (command === 'runs') return runsCommand(values, rest, env, user);
  if (command === 'status') return statusCommand(values, rest, env, user);
  if (command === 'demo') return demoCommand(values, rest);
  if (command !== undefined) throw new ConfigError(`Unknown command "${command}". See --help.`);
  return syncCommand(values, env, user);
}
