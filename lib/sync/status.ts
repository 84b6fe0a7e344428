import type { SqlRow, SqlSession } from '../db/port.js';
import { READ_SYNC_STATUS } from '../db/sql/sync-runs.js';
import { SETTINGS } from '../settings/settings-table.js';

/** A run as the status names it. */
export interface StatusRun {
  runId: string;
  trigger: string;
  status: string;
  startedAt: string;
  /** Null while the run is `running`. */
  finishedAt: string | null;
  /** Absent for a run that succeeded. */
  failureReason?: string;
}

/** Whether the scheduled sync is on and how often it runs, as the deployment configured it. */
export interface ScheduleInfo {
  enabled: boolean;
  intervalMinutes: number | null;
}

/** The sync's health at a glance (`GET /sync/status`, `litemaas-model-sync status`). */
export interface SyncStatus {
  checkedAt: string;
  lastRun: StatusRun | null;
  lastSuccessfulRun: StatusRun | null;
  /** Whole minutes since the last successful run finished; null when none ever did. */
  minutesSinceLastSuccess: number | null;
  /** Failed runs since the last success (skipped runs do not count). */
  consecutiveFailures: number;
  /** True when the newest run was skipped because another sync was running. */
  lastRunSkipped: boolean;
  models: { available: number; unavailable: number };
  /** Null when unknown (e.g. the CLI, which has no schedule of its own). */
  schedule: ScheduleInfo | null;
  /** The database users in use (names only). */
  databaseUsers: {
    /** Whom the newest scheduled, manual or CLI run signed in as; null before the first. */
    sync: string | null;
    /** Whom this status was read as (the read function's user on AWS). */
    read: string;
  };
  /** How many days ahead `deprecations` looks. */
  deprecationWarnDays: number;
  /** Available models the provider retires within `deprecationWarnDays`, or already did; soonest first. */
  deprecations: DeprecatingModel[];
}

/** An available model with a provider retirement date within the warning window, or past it. */
export interface DeprecatingModel {
  modelId: string;
  deprecationDate: string;
  /** Whole days from `checkedAt`'s day to the date; 0 or negative once it has come. */
  daysUntilDeprecation: number;
  /** `deprecated` once the date has come, `deprecating` before. */
  status: 'deprecated' | 'deprecating';
  successorModel: string | null;
}

const DAY_MS = 86_400_000;

/** The listed models, with days counted from the status's own clock (the database's). */
function deprecatingModels(listText: string | null, checkedAt: string): DeprecatingModel[] {
  const listed = JSON.parse(listText ?? '[]') as { modelId: string; deprecationDate: string; successorModel: string | null }[];
  const today = Date.parse(`${checkedAt.slice(0, 10)}T00:00:00Z`);
  return listed.map(({ modelId, deprecationDate, successorModel }) => {
    const daysUntilDeprecation = Math.round((Date.parse(`${deprecationDate}T00:00:00Z`) - today) / DAY_MS);
    return { modelId, deprecationDate, daysUntilDeprecation, status: daysUntilDeprecation <= 0 ? 'deprecated' : 'deprecating', successorModel };
  });
}

function text(row: SqlRow, column: string): string | null {
  const value = row[column];
  return typeof value === 'string' ? value : null;
}

function count(row: SqlRow, column: string): number {
  const value = row[column];
  return typeof value === 'number' ? value : 0;
}

function statusRun(row: SqlRow, prefix: string, finishedColumn: string, failureColumn?: string): StatusRun | null {
  const runId = text(row, `${prefix}_id`);
  if (runId === null) return null;
  const failureReason = failureColumn === undefined ? null : text(row, failureColumn);
  return {
    runId,
    trigger: text(row, `${prefix}_trigger`) ?? '',
    status: text(row, `${prefix}_status`) ?? '',
    startedAt: text(row, `${prefix}_started_at`) ?? '',
    finishedAt: text(row, finishedColumn),
    ...(failureReason === null ? {} : { failureReason }),
  };
}

/**
 * Reads the sync's health: one SQL statement, so one database round trip (Data API or
 * node-postgres). `schedule` is not in the database; the caller passes what its deployment says.
 *
 * @example
 * const status = await readSyncStatus(database, { enabled: true, intervalMinutes: 60 }, 30);
 */
export async function readSyncStatus(
  session: SqlSession,
  schedule: ScheduleInfo | null,
  deprecationWarnDays: number = SETTINGS.deprecationWarnDays.default,
): Promise<SyncStatus> {
  const [row] = await session.execute(READ_SYNC_STATUS, { warn_days: deprecationWarnDays });
  if (row === undefined) throw new Error('The sync status query returned no row');
  const lastRun = statusRun(row, 'last_run', 'last_run_finished_at', 'last_run_failure_reason');
  const minutes = row.minutes_since_success;
  const checkedAt = text(row, 'checked_at') ?? new Date().toISOString();
  return {
    checkedAt,
    lastRun,
    lastSuccessfulRun: statusRun(row, 'success', 'success_finished_at'),
    minutesSinceLastSuccess: typeof minutes === 'number' ? minutes : null,
    consecutiveFailures: count(row, 'consecutive_failures'),
    lastRunSkipped: lastRun?.status === 'skipped',
    models: { available: count(row, 'models_available'), unavailable: count(row, 'models_unavailable') },
    schedule,
    databaseUsers: { sync: text(row, 'sync_database_user'), read: text(row, 'read_database_user') ?? '' },
    deprecationWarnDays,
    deprecations: deprecatingModels(text(row, 'deprecations'), checkedAt),
  };
}
