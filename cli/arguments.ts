import { homedir, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { CATALOG_SETTINGS, givenValue, parseBoundedInteger, parseLiteLLMUrl, readCatalogPolicy, readLiteLLMMaxResponseBytes, readSchedule, readSettingOrDefault, readVariable } from '../lib/config.js';
import { CHANGE_PAGE_LIMIT } from '../lib/sync/change-journal.js';
import { checkNamePatterns } from '../lib/catalog/name-patterns.js';
import { ConfigError } from '../lib/errors.js';
import type { Environment } from '../lib/config.js';
import type { CatalogPolicy } from '../lib/sync/types.js';
import { parseSettingText } from '../lib/settings/setting-rule.js';
import { SETTINGS } from '../lib/settings/settings-table.js';
import { RUNS_LIMIT } from '../lib/sync/run-history.js';
import type { CliCommand, DatabaseChoice, HistoryCommand, ModelsCommand, RunsCommand, StatusCommand, SyncCommand } from './commands.js';
import { closestName } from './closest-name.js';
import { checkDatabaseUrl } from './database-url.js';
import { resolveDataDir } from './data-dir.js';
import type { UserPlace } from './data-dir.js';
import { describeParseError } from './parse-errors.js';
import { isRunId } from '../lib/sync/run-id.js';


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
  'no-litemaas-audit': { type: 'boolean', default: false },
  limit: { type: 'string' },
  changes: { type: 'boolean', default: false },
  events: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'V', default: false },
} as const;

/** The commands; none given means a sync. */
const COMMANDS = ['sync', 'runs', 'history', 'status', 'models', 'demo'] as const;

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
    throw new ConfigError(describeParseError(error, Object.keys(OPTIONS)));
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
  'no-litemaas-audit',
  'events',
];

function runsCommand(values: Values, positionals: string[], env: Environment, user: UserPlace): RunsCommand {
  refuseFlags(values, SYNC_ONLY_FLAGS, '"runs"');
  if (positionals.length > 1) throw new ConfigError('"runs" takes at most one run id. See --help.');
  const runId = positionals[0]?.toLowerCase();
  if (runId !== undefined && !isRunId(runId)) throw new ConfigError('A run id is a UUID, as "litemaas-model-sync runs" lists them.');
  if (runId !== undefined && values.limit !== undefined) throw new ConfigError('--limit lists runs; it does not apply to one run id.');
  if (runId === undefined && values.changes) throw new ConfigError('--changes needs a run id: litemaas-model-sync runs <run-id> --changes.');
  return { command: 'runs', json: values.json, limit: parseLimit(values.limit), runId, changes: values.changes, ...databaseChoice(values, env, user) };
}

/** `history <model-id>`: what the sync did to one model, newest first (the change journal). */
function historyCommand(values: Values, positionals: string[], env: Environment, user: UserPlace): HistoryCommand {
  refuseFlags(values, [...SYNC_ONLY_FLAGS, 'changes'], '"history"');
  const [modelId, ...extra] = positionals;
  if (modelId === undefined || modelId === '' || extra.length > 0) throw new ConfigError('"history" takes one model id: litemaas-model-sync history <model-id>. See --help.');
  const limit = values.limit === undefined ? CHANGE_PAGE_LIMIT.default : parseBoundedInteger(values.limit, '--limit', CHANGE_PAGE_LIMIT);
  return { command: 'history', json: values.json, modelId, limit, ...databaseChoice(values, env, user) };
}

/** The schedule `status` shows, from the variables the stack sets on the read function. */
function statusCommand(values: Values, positionals: string[], env: Environment, user: UserPlace): StatusCommand {
  refuseFlags(values, [...SYNC_ONLY_FLAGS, 'limit', 'changes'], '"status"');
  if (positionals.length > 0) throw new ConfigError('"status" takes no arguments. See --help.');
  const deprecationWarnDays = readSettingOrDefault(env, SETTINGS.deprecationWarnDays);
  return { command: 'status', json: values.json, schedule: readSchedule(env), deprecationWarnDays, ...databaseChoice(values, env, user) };
}

/** `models`: the rows as LiteMaaS users see them; only the database flags apply. */
function modelsCommand(values: Values, positionals: string[], env: Environment, user: UserPlace): ModelsCommand {
  refuseFlags(values, [...SYNC_ONLY_FLAGS, 'limit', 'changes'], '"models"');
  if (positionals.length > 0) throw new ConfigError('"models" takes no arguments. See --help.');
  return { command: 'models', json: values.json, ...databaseChoice(values, env, user) };
}

function syncCommand(values: Values, positionals: string[], env: Environment, user: UserPlace): SyncCommand {
  if (positionals.length > 0) throw new ConfigError('"sync" takes no arguments. See --help.');
  refuseFlags(values, ['limit'], 'a sync (it lists runs: litemaas-model-sync runs --limit N)');
  refuseFlags(values, ['changes'], "a sync (it shows a run's changes: litemaas-model-sync runs <run-id> --changes)");
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
    // The flag only switches the audit row off; SYNC_LITEMAAS_AUDIT is read with the other settings.
    ...(values['no-litemaas-audit'] ? { litemaasAudit: false as const } : {}),
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
  if (values.version) return { command: 'version' };
  const [command = 'sync', ...rest] = positionals;
  if (command === 'runs') return runsCommand(values, rest, env, user);
  if (command === 'history') return historyCommand(values, rest, env, user);
  if (command === 'status') return statusCommand(values, rest, env, user);
  if (command === 'models') return modelsCommand(values, rest, env, user);
  if (command === 'demo') return demoCommand(values, rest);
  if (command === 'sync') return syncCommand(values, rest, env, user);
  const meant = closestName(command, COMMANDS);
  throw new ConfigError(`unknown command "${command}"${meant === undefined ? '.' : `; did you mean ${meant}?`} See --help.`);
}
