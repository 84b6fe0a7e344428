import type { StatusRun, SyncStatus } from '../lib/sync/status.js';
import type { StatusCommand } from './commands.js';
import { EXIT } from './exit-codes.js';
import { printJson, printProblem, printResult } from './output.js';
import { readHistory } from './read-history.js';

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
    `Database users:       sync ${status.databaseUsers.sync ?? 'none yet'}, read ${status.databaseUsers.read}`,
    `Retiring (≤ ${status.deprecationWarnDays} days): ${status.deprecations.length === 0 ? 'none' : ''}`.trimEnd(),
    ...status.deprecations.map(({ modelId, deprecationDate, daysUntilDeprecation, status: state, successorModel }) => {
      const when = state === 'deprecated' ? `retired ${deprecationDate}` : `${deprecationDate} (in ${daysUntilDeprecation} days)`;
      return `  ${modelId}: ${when}${successorModel === null ? '' : `; successor ${successorModel}`}`;
    }),
  ].join('\n');
}

/**
 * `status`: the sync's health, read by the same statement that answers the API's
 * `GET /sync/status` (one round trip; it changes nothing). Exit code 1 when the last run failed,
 * so a cron job or a health check can use it as is.
 */
export function showStatus(command: StatusCommand): Promise<number> {
  return readHistory(
    command,
    (where) => {
      printProblem(`no sync has run against ${where} yet (its tables do not exist).`);
      return EXIT.failed;
    },
    async (history) => {
      const status = await history.readStatus(command.schedule, command.deprecationWarnDays);
      if (command.json) printJson(status);
      else printResult(formatStatus(status));
      const { lastRun } = status;
      if (lastRun?.status !== 'failed') return EXIT.success;
      printProblem(`the last sync run failed (${lastRun.failureReason ?? 'no reason recorded'}); see "litemaas-model-sync runs ${lastRun.runId}".`);
      return EXIT.failed;
    },
  );
}
