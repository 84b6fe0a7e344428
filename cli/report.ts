import { changedColumnsOf, updatedOnly } from '../lib/sync/types.js';
import type { SyncResult } from '../lib/sync/types.js';
import type { SyncStages } from './progress.js';
import { countOf, missingLegend } from './wording.js';

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

/** Under `updated`: each listed model with the columns it changed, as its change event names them. */
function changedColumnLines(result: SyncResult, updated: string[]): string[] {
  return updated.slice(0, LISTED_IDS).map((id) => {
    const columns = changedColumnsOf(result, id) ?? [];
    return `    ${id}: ${columns.length === 0 ? 'rewritten, no column changed' : columns.join(', ')}`;
  });
}

/** "4 models in LiteLLM": all it served, with what the operator's patterns left out said apart. */
function catalogCount(result: SyncResult): string {
  const filtered = result.ignored.filter(({ reason }) => reason === 'filtered').length;
  const served = `${countOf(result.servedModels ?? result.totalModels, 'model')} in LiteLLM`;
  return filtered === 0 ? served : `${served}, ${filtered} left out by the include/exclude patterns`;
}

/** A short human summary of a sync result: a headline and a table of what changed. */
export function formatResult(result: SyncResult, stages: SyncStages, retireAfterMissedRuns: number): string {
  const run = result.runId === undefined ? '' : ` · run ${result.runId}`;
  if (result.skipped) return `Skipped: another sync is running; nothing changed (${result.durationMs} ms)`;
  const early = result.success ? undefined : failedEarly(result, stages, `(${result.durationMs} ms${run})`);
  if (early !== undefined) return early;
  const mode = result.dryRun ? 'Dry run (nothing changed)' : result.success ? 'Synced' : 'Sync failed';
  const { added, restored, retired, paused, missing } = result.changes;
  const updated = updatedOnly(result.changes);
  const rows: [string, number, string][] = [
    ['added', added.length, listIds(added)],
    ['updated', updated.length, listIds(updated)],
    ['retired', retired.length, listIds(retired)],
    ['restored', restored.length, listIds(restored)],
    ['paused', paused.length, listIds(paused)],
    ['missing', missing.length, listIds(missing)],
    ['ignored', result.ignoredModels, listIds(result.ignored.map(({ model, reason }) => `${model} (${reason})`))],
    ['unchanged', result.unchangedModels, ''],
  ];
  const headline = `${mode}: ${catalogCount(result)} (${result.durationMs} ms${run})`;
  const changedAnything = rows.some(([label, count]) => !['unchanged', 'ignored', 'missing'].includes(label) && count > 0);
  // A run that failed before changing anything is said in one line (the errors follow on stderr).
  if (!result.success && !changedAnything) return headline;
  const table = rows.flatMap(([label, count, ids]) => [
    `  ${label.padEnd(10)}${String(count).padStart(6)}  ${ids}`.trimEnd(),
    ...(label === 'updated' ? changedColumnLines(result, updated) : []),
  ]);
  // Still available: missing from LiteLLM, but within the retirement grace.
  const legend = missing.length > 0 ? [missingLegend(retireAfterMissedRuns)] : [];
  return [headline, ...table, ...legend, ...deprecationLines(result), ...(result.warnings ?? []).map((warning) => `warning: ${warning}`)].join('\n');
}

/** The provider retirements this run announces (the change events say the same). */
function deprecationLines(result: SyncResult): string[] {
  return (result.deprecations ?? []).map(({ modelId, kind, deprecationDate, successorModel }) => {
    const successor = successorModel === null ? '' : `; successor ${successorModel}`;
    return `  ${kind === 'deprecated' ? 'deprecated' : 'deprecating'}: ${modelId} on ${deprecationDate}${successor}`;
  });
}
