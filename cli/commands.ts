/** The commands the CLI runs, as `parseCliArguments` (cli/arguments.ts) resolves them. */
import type { ScheduleInfo } from '../lib/sync/status.js';
import type { CatalogPolicy, SyncOptions } from '../lib/sync/types.js';

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
  /** `--no-litemaas-audit`: no row in LiteMaaS's audit_logs, whatever SYNC_LITEMAAS_AUDIT says. */
  litemaasAudit?: false;
  litellmMaxResponseBytes: number;
}

export interface RunsCommand extends DatabaseChoice {
  command: 'runs';
  json: boolean;
  limit: number;
  /** Show this one run instead of a list. */
  runId: string | undefined;
  /** With a run id: list what the run did to each model (the change journal) instead of the run. */
  changes: boolean;
}

export interface HistoryCommand extends DatabaseChoice {
  command: 'history';
  json: boolean;
  modelId: string;
  /** Most entries to show, newest first. */
  limit: number;
}

export interface StatusCommand extends DatabaseChoice {
  command: 'status';
  json: boolean;
  /** The schedule to show: the CLI has none of its own, so it comes from the environment or is unknown. */
  schedule: ScheduleInfo | null;
  /** How far ahead to list coming provider retirements (`SYNC_DEPRECATION_WARN_DAYS`). */
  deprecationWarnDays: number;
}

export interface ModelsCommand extends DatabaseChoice {
  command: 'models';
  json: boolean;
}

export type CliCommand = SyncCommand | RunsCommand | HistoryCommand | StatusCommand | ModelsCommand | { command: 'demo' } | { command: 'help' } | { command: 'version' };
