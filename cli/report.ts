import { updatedOnly } from '../lib/sync/types.js';
import type { SyncResult } from '../lib/sync/types.js';
import type { SyncStages } from './progress.js';

const LISTED_IDS = 5;

function listIds(ids: string[]): string {
  if (ids.length === 0) return '';
  const shown = ids.slice(0, LISTED_IDS).join(', ');
  return ids.length > LISTED_IDS ? `${shown}, … (+${ids.length - LISTED_IDS})` : shown;
}

/**
 * The headline of a run that failed before LiteLLM's catalog arrived: "0 models in LiteLLM" would
 * be a claim about a catalog nobody saw. Says what was reached and what was not.
 */
function failedEarly(result: SyncResult, stages: SyncStages, timing: string): string | undefined {
  if (!stages.litellmAsked) {
    const where = result.failureReason?.startsWith('database') === true ? ' at the database' : '';
    return `Sync failed${where} before LiteLLM was asked; nothing changed ${timing}`;
  }
  if (result.failureReason !== 'litellm') return undefined;
  const database = stages.databaseReached ? 'the database was reached' : 'the database was not touched';
  return `Sync failed: LiteLLM sent no catalog and ${database}; nothing changed ${timing}`;
}

/** A short human summary of a sync result: a headline and a table of what changed. */
export function formatResult(result: SyncResult, stages?: SyncStages): string {
  const run = result.runId === undefined ? '' : ` · run ${result.runId}`;
  if (result.skipped) return `Skipped: another sync is running; nothing changed (${result.durationMs} ms)`;
  const early = result.success || stages === undefined ? undefined : failedEarly(result, stages, `(${result.durationMs} ms${run})`);
  if (early !== undefined) return early;
  const mode = result.dryRun ? 'Dry run (nothing changed)' : result.success ? 'Synced' : 'Sync failed';
  const added = result.changes.added;
  const restored = result.changes.restored;
  const updated = updatedOnly(result.changes);
  const rows: [string, number, string][] = [
    ['added', added.length, listIds(added)],
    ['updated', updated.length, listIds(updated)],
    ['retired', result.changes.retired.length, listIds(result.changes.retired)],
    ['restored', restored.length, listIds(restored)],
    ['paused', result.changes.paused.length, listIds(result.changes.paused)],
    // Still available: missing from LiteLLM, but within the retirement grace.
    ['missing', result.changes.missing.length, listIds(result.changes.missing)],
    ['ignored', result.ignoredModels, listIds(result.ignored.map(({ model, reason }) => `${model} (${reason})`))],
    ['unchanged', result.unchangedModels, ''],
  ];
  const headline = `${mode}: ${result.totalModels} models in LiteLLM (${result.durationMs} ms${run})`;
  const changedAnything = rows.some(([label, count]) => !['unchanged', 'ignored', 'missing'].includes(label) && count > 0);
  // A run that failed before changing anything is said in one line (the errors follow on stderr).
  if (!result.success && !changedAnything) return headline;
  const table = rows.map(([label, count, ids]) => `  ${label.padEnd(10)}${String(count).padStart(6)}  ${ids}`.trimEnd());
  return [headline, ...table].join('\n');
}
