import { homedir, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import {
  CATALOG_SETTINGS,
  givenValue,
  parseBoundedInteger,
  parseLiteLLMUrl,
  readCatalogPolicy,
  readLiteLLMMaxResponseBytes,
  readSchedule,
  readVariable,
} from '../lib/config.js';
import { checkNamePatterns } from '../lib/catalog/name-patterns.js';
import { ConfigError } from '../lib/errors.js';
import type { Environment } from '../lib/config.js';
import type { CatalogPolicy } from '../lib/sync/types.js';
import { parseSettingText } from '../lib/settings/setting-rule.js';
import { SETTINGS } from '../lib/settings/settings-table.js';
import { RUNS_LIMIT } from '../lib/sync/run-history.js';
import type { CliCommand, DatabaseChoice, RunsCommand, StatusCommand, SyncCommand } from './commands.js';
import { resolveDataDir } from './data-dir.js';
import type { UserPlace } from './data-dir.js';

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

/**
 * A catalog setting's flag (its row's `cli.flag`), by the row's rule; undefined when not given. A
 * boolean flag can only switch on; a pattern flag repeats, and an empty one is refused with its name.
 */
function catalogFlag(values: Values, row: (typeof CATALOG_SETTINGS)[keyof CatalogPolicy]): boolean | number | string[] | undefined {
  const flag = row.cli.flag;
  const given: unknown = (values as Record<string, unknown>)[flag.slice('--'.length)];
  switch (row.rule.kind) {
    case 'boolean':
      return given === true ? true : undefined;
    case 'model-patterns':
      return Array.isArray(given) && given.length > 0 ? checkNamePatterns(given as string[], flag).map((value) => value.trim()) : undefined;
    default:
      return typeof given === 'string' ? parseSettingText(row.rule, given, flag) : undefined;
  }
}

/** The catalog policy: each flag wins over its variable (both by the setting's row). */
function catalogPolicy(values: Values, env: Environment): Partial<CatalogPolicy> {
  const fromEnv = readCatalogPolicy(env);
  const fromFlags = Object.entries(CATALOG_SETTINGS).map(([name, row]) => [name, catalogFlag(values, row)] as const);
  return { ...fromEnv, ...Object.fromEntries(fromFlags.filter(([, value]) => value !== undefined)) };
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
  // The same bounds as the API's GET /sync/runs, so the two answer the same question the same way.
  return text === undefined ? RUNS_LIMIT.default : parseBoundedInteger(text, '--limit', RUNS_LIMIT);
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
    urlFlag ?? readVariable(env, SETTINGS.litellmUrl.variable),
    urlFlag === undefined ? `${SETTINGS.litellmUrl.variable} (or ${SETTINGS.litellmUrl.cli.flag})` : SETTINGS.litellmUrl.cli.flag,
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
