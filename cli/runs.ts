import type { SyncRun } from '../lib/sync/run-store.js';
import type { HistoryCommand, RunsCommand } from './commands.js';
import { EXIT } from './exit-codes.js';
import { printJson, printProblem, printResult } from './output.js';
import { readHistory } from './read-history.js';
import { formatChanges, readEntries } from './change-journal-output.js';
import { formatTable } from './table.js';
import { missingLegend } from './wording.js';

function changesOf(run: SyncRun): string {
  const parts = [
    ['+', run.newModels],
    ['~', run.updatedModels - run.restoredModels],
    // Retired only: unavailableModels also counts the paused, which have their own column.
    ['-', run.changes.retired.length],
    ['^', run.restoredModels],
  ] as const;
  return parts.map(([mark, count]) => `${mark}${count}`).join(' ');
}

/** One line per run, newest first: when, how it ended, what it changed. */
export function formatRuns(runs: SyncRun[]): string {
  if (runs.length === 0) return 'No runs recorded yet.';
  const header = ['started (UTC)', 'status', 'trigger', 'published', 'changes (+new ~updated -retired ^restored)', 'paused', 'ms', 'run id'];
  const rows = runs.map((run) => [
    run.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
    run.failureReason === null ? run.status : `${run.status} (${run.failureReason})`,
    run.trigger,
    String(run.totalModels),
    changesOf(run),
    String(run.changes.paused.length),
    run.durationMs === null ? '' : String(run.durationMs),
    run.runId,
  ]);
  return formatTable(header, rows);
}

/** One run in full: the table's line, then what it changed, left out and why it failed. */
export function formatRun(run: SyncRun): string {
  const lines = [formatRuns([run])];
  if (run.requestedBy !== null) lines.push(`requested by ${run.requestedBy}`);
  const { added, updated, retired, restored, paused, missing } = run.changes;
  const listed: [string, string[]][] = [
    ['added', added],
    ['updated', updated],
    ['retired', retired],
    ['restored', restored],
    ['paused', paused],
    // Still available: missing from LiteLLM, but within the retirement grace.
    ['missing', missing],
    ['ignored', run.ignored.map(({ model, reason }) => `${model} (${reason})`)],
  ];
  for (const [label, ids] of listed) if (ids.length > 0) lines.push(`${label}: ${ids.join(', ')}`);
  if (missing.length > 0) lines.push(missingLegend(run.options.retireAfterMissedRuns));
  for (const error of run.errors) lines.push(`error: ${error}`);
  return lines.join('\n');
}

/** The answer when nothing was ever recorded: an empty list, or no such run. */
function noRunsYet(command: RunsCommand, where: string): number {
  if (command.runId !== undefined) {
    printProblem(`No sync run has the id ${command.runId}: ${where} has no runs recorded yet.`);
    return EXIT.failed;
  }
  if (command.json) printJson({ runs: [] });
  else printResult(`No runs recorded yet: ${where} has never been synced.`);
  return EXIT.success;
}

/**
 * `runs` and `runs <id>`: reads `model_sync_runs` through the run history (lib/sync/run-history.ts), the same code that
 * answers the API's `GET /sync/runs`; `--json` prints what the API's body holds.
 */
export function showRuns(command: RunsCommand): Promise<number> {
  return readHistory(
    command,
    (where) => noRunsYet(command, where),
    async (history) => {
      if (command.runId === undefined) {
        const runs = await history.listRuns(command.limit);
        if (command.json) printJson({ runs });
        else printResult(formatRuns(runs));
        return EXIT.success;
      }
      const run = await history.getRun(command.runId);
      if (run === undefined) {
        printProblem(`No sync run has the id ${command.runId}. List the recorded ones with "litemaas-model-sync runs".`);
        return EXIT.failed;
      }
      if (command.changes) {
        const { runId } = command;
        const entries = await readEntries((page) => history.readRunChanges(runId, page), Number.MAX_SAFE_INTEGER);
        if (command.json) printJson({ runId, entries });
        else printResult(formatChanges(entries, true));
        return EXIT.success;
      }
      if (command.json) printJson(run);
      else printResult(formatRun(run));
      return EXIT.success;
    },
  );
}

/**
 * `history <model-id>`: what the sync did to one model, newest first, from the change journal
 * (the same reader as the API's `GET /sync/models/{modelId}/history`); `--json` as its body.
 */
export function showHistory(command: HistoryCommand): Promise<number> {
  return readHistory(
    command,
    (where) => {
      if (command.json) printJson({ modelId: command.modelId, entries: [] });
      else printResult(`No history: ${where} has never been synced.`);
      return EXIT.success;
    },
    async (history) => {
      const entries = await readEntries((page) => history.readModelHistory(command.modelId, page), command.limit);
      if (command.json) printJson({ modelId: command.modelId, entries });
      else printResult(formatChanges(entries, false));
      return EXIT.success;
    },
  );
}
