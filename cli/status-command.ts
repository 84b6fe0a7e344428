import { parseArgs } from 'node:util';
import { givenValue, readNumber, readVariable } from '../lib/config.js';
import { ConfigError } from '../lib/errors.js';
import type { Environment } from '../lib/config.js';
import { createPostgresDatabase, createSyncService } from '../lib/index.js';
import type { ScheduleInfo, StatusRun, SyncStatus } from '../lib/index.js';

export const STATUS_USAGE = `Usage: npm run sync -- status [--database-url URL] [--json]
       litemaas-model-sync status [options]

Shows the sync's health, as GET /sync/status does: the last run and the last successful run,
minutes since that success, consecutive failures, models available and unavailable now, the
schedule (from SYNC_SCHEDULE_ENABLED and SYNC_INTERVAL_MINUTES when set) and whether the last
run was skipped. One SQL statement; it changes nothing.

Exit codes: 0 the last run did not fail, 1 it failed, 2 bad usage or configuration.`;

/** Opens the database the CLI works on: the given URL, or the embedded PostgreSQL. */
export type OpenDatabase = (databaseUrl: string | undefined) => Promise<{ url: string; stop: () => Promise<void> }>;

function scheduleFrom(env: Environment): ScheduleInfo | null {
  const enabled = readVariable(env, 'SYNC_SCHEDULE_ENABLED');
  if (enabled === undefined) return null;
  const interval = readVariable(env, 'SYNC_INTERVAL_MINUTES');
  return {
    enabled: enabled === 'true',
    intervalMinutes: interval === undefined ? null : readNumber(env, 'SYNC_INTERVAL_MINUTES', 60, { min: 1, max: 1440, integer: true }),
  };
}

function describeRun(run: StatusRun | null): string {
  if (run === null) return 'none';
  const reason = run.failureReason === undefined ? '' : ` (${run.failureReason})`;
  return `${run.status}${reason} · ${run.trigger} · started ${run.startedAt} · run ${run.runId}`;
}

/** The human output of `status`. */
export function formatStatus(status: SyncStatus): string {
  const since = status.minutesSinceLastSuccess === null ? '' : ` (${status.minutesSinceLastSuccess} min ago)`;
  const schedule =
    status.schedule === null
      ? 'not known here (set SYNC_SCHEDULE_ENABLED and SYNC_INTERVAL_MINUTES, or ask GET /sync/status)'
      : status.schedule.enabled
        ? `on, every ${status.schedule.intervalMinutes ?? '?'} min`
        : 'off';
  return [
    `Last run:             ${describeRun(status.lastRun)}`,
    `Last success:         ${describeRun(status.lastSuccessfulRun)}${since}`,
    `Consecutive failures: ${status.consecutiveFailures}`,
    `Last run skipped:     ${status.lastRunSkipped ? 'yes (another sync was running)' : 'no'}`,
    `Models:               ${status.models.available} available, ${status.models.unavailable} unavailable`,
    `Schedule:             ${schedule}`,
  ].join('\n');
}

function isMissingTable(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '42P01';
}

/** `litemaas-model-sync status`: prints the status; returns the exit code. */
export async function runStatusCommand(argv: string[], env: Environment, openDatabase: OpenDatabase): Promise<number> {
  let values;
  let schedule: ScheduleInfo | null;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'database-url': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
    schedule = scheduleFrom(env);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`litemaas-model-sync status: ${reason}${error instanceof ConfigError ? '' : '. See --help.'}`);
    return 2;
  }
  if (values.help) {
    console.log(STATUS_USAGE);
    return 0;
  }
  const target = await openDatabase(givenValue(values['database-url']) ?? readVariable(env, 'DATABASE_URL'));
  const database = createPostgresDatabase(target.url);
  let status: SyncStatus;
  try {
    status = await createSyncService({ database, litellmUrl: 'http://unused.invalid' }).readStatus(schedule);
  } catch (error) {
    if (!isMissingTable(error)) throw error;
    console.error('litemaas-model-sync status: no sync has run against this database yet (its tables do not exist).');
    return 1;
  } finally {
    await database.close();
    await target.stop();
  }
  console.log(values.json ? JSON.stringify(status, null, 2) : formatStatus(status));
  return status.lastRun?.status === 'failed' ? 1 : 0;
}
