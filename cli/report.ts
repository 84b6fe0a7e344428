import type { SyncResult } from '../lib/index.js';

const LISTED_IDS = 5;

function listIds(ids: string[]): string {
  if (ids.length === 0) return '';
  const shown = ids.slice(0, LISTED_IDS).join(', ');
  return ids.length > LISTED_IDS ? `${shown}, … (+${ids.length - LISTED_IDS})` : shown;
}

/** A short human summary of a sync result: a headline and a table of what changed. */
export function formatResult(result: SyncResult): string {
  const run = result.runId === undefined ? '' : ` · run ${result.runId}`;
  const mode = result.dryRun ? 'Dry run (nothing changed)' : result.skipped ? 'Skipped' : result.success ? 'Synced' : 'Sync failed';
  const added = result.changes.added;
  const restored = result.changes.restored;
  const updatedOnly = result.changes.updated.filter((id) => !restored.includes(id));
  const rows: [string, number, string][] = [
    ['added', added.length, listIds(added)],
    ['updated', updatedOnly.length, listIds(updatedOnly)],
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
