import { CHANGE_PAGE_LIMIT } from '../lib/sync/change-journal.js';
import type { ChangeEntry, ChangePage, PageRequest } from '../lib/sync/change-journal.js';

/** A changed value as one short cell: JSON, cut at 60 characters. */
function shortValue(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** What one entry changed, one `column: old → new` per line (an added model has nothing to compare). */
function changeLines(entry: ChangeEntry): string[] {
  const { changes } = entry;
  if (changes === null) return [];
  if (changes.valuesOmitted === true) return [`    ${(changes.columns as string[]).join(', ')} (values too large to keep)`];
  return Object.entries(changes).flatMap(([column, value]) => {
    const pair = value as { old?: unknown; new?: unknown };
    if (column !== 'metadata' || 'old' in pair) return [`    ${column}: ${shortValue(pair.old)} → ${shortValue(pair.new)}`];
    // Inside metadata, each changed key on its own line.
    return Object.entries(value as Record<string, { old: unknown; new: unknown }>).map(
      ([key, change]) => `    metadata.${key}: ${shortValue(change.old)} → ${shortValue(change.new)}`,
    );
  });
}

/**
 * Journal entries as people read them: a table of when, what and which run, each followed by the
 * columns it changed. `withModel` names the model (a run's changes); a model's history does not.
 */
export function formatChanges(entries: ChangeEntry[], withModel: boolean): string {
  if (entries.length === 0) return withModel ? 'This run changed no model.' : 'The sync never changed this model (or its entries were pruned).';
  const lines: string[] = [];
  for (const entry of entries) {
    const cells = [entry.recordedAt.replace('T', ' ').replace(/\.\d+Z$/, ''), entry.kind.padEnd(8), ...(withModel ? [entry.modelId] : []), `${entry.trigger ?? '?'} run ${entry.runId}`];
    lines.push(cells.join('  '), ...changeLines(entry));
  }
  return lines.join('\n');
}

/** Reads pages until `limit` entries (or all of them) are in hand. */
export async function readEntries(readPage: (page: PageRequest) => Promise<ChangePage>, limit: number): Promise<ChangeEntry[]> {
  const entries: ChangeEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await readPage({ limit: Math.min(limit - entries.length, CHANGE_PAGE_LIMIT.max), ...(cursor === undefined ? {} : { cursor }) });
    entries.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && entries.length < limit);
  return entries.slice(0, limit);
}
