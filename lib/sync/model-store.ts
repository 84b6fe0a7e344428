import type { DesiredModelRow } from '../catalog/types.js';
import type { SqlRow, SqlSession } from '../db/port.js';
import { changedColumnNames } from '../db/sql/model-columns.js';
import { PLAN_SYNC, RETIRE_MISSING_MODELS, UPSERT_MODELS } from '../db/sql/sync-models.js';
import { chunkJsonByBytes } from './chunk-by-bytes.js';
import type { SyncChanges } from './types.js';

/** A catalog row with the fingerprint of its content. */
export interface FingerprintedRow {
  row: DesiredModelRow;
  fingerprint: string;
}

/** What the database already holds, relative to the catalog. */
export interface SyncPlan {
  /** Rows that are new or may have changed: these must be sent. */
  rowsToSend: FingerprintedRow[];
  availableCount: number;
  /** Available models the catalog no longer lists. */
  retirableCount: number;
}

function integer(row: SqlRow | undefined, column: string): number {
  const value = row?.[column];
  if (typeof value !== 'number') throw new Error(`Expected an integer in column ${column}`);
  return value;
}

/** Asks the database which catalog rows need writing (one round trip, no row sent). */
export async function planSync(
  session: SqlSession,
  catalog: FingerprintedRow[],
  forceUpdate: boolean,
): Promise<SyncPlan> {
  const rows = await session.execute(PLAN_SYNC, {
    ids: JSON.stringify(catalog.map(({ row }) => row.id)),
    fingerprints: JSON.stringify(catalog.map(({ fingerprint }) => fingerprint)),
    force_update: forceUpdate,
  });
  const marks = rows.map((row) => String(row.marks ?? '')).join('');
  if (marks.length !== catalog.length) {
    throw new Error(`The sync plan covered ${marks.length} of ${catalog.length} catalog models`);
  }
  return {
    rowsToSend: catalog.filter((_, index) => marks[index] !== '='),
    availableCount: integer(rows[0], 'available_count'),
    retirableCount: integer(rows[0], 'retirable_count'),
  };
}

/** Serializes rows one at a time, so a large catalog is never held as text all at once. */
function* serializeRows(rows: FingerprintedRow[]): Generator<string> {
  for (const { row, fingerprint } of rows) yield JSON.stringify({ ...row, fingerprint });
}

/** What the upserts wrote: the ids by kind, and the columns each updated model changed. */
export type WrittenModels = Omit<SyncChanges, 'retired'> & { updatedColumns: Record<string, string[]> };

/**
 * Writes new and changed rows, split into requests that stay within `requestBudgetBytes`.
 * Returns the ids actually written, by kind, and the names of the columns each update changed
 * (reported by the same statement: no extra round trip).
 */
export async function upsertModels(
  session: SqlSession,
  rowsToSend: FingerprintedRow[],
  forceUpdate: boolean,
  requestBudgetBytes: number,
): Promise<WrittenModels> {
  const changes: WrittenModels = { added: [], updated: [], restored: [], updatedColumns: {} };
  for (const chunk of chunkJsonByBytes(serializeRows(rowsToSend), requestBudgetBytes)) {
    const written = await session.execute(UPSERT_MODELS, { rows: chunk, force_update: forceUpdate });
    for (const { id, change, changed_columns: mask } of written) {
      if (typeof id !== 'string') continue;
      if (change === 'added') changes.added.push(id);
      else {
        changes.updated.push(id);
        if (change === 'restored') changes.restored.push(id);
        changes.updatedColumns[id] = changedColumnNames(typeof mask === 'number' ? mask : 0);
      }
    }
  }
  return changes;
}

/** Marks available models missing from the catalog unavailable; returns their ids. */
export async function retireMissingModels(session: SqlSession, catalogIds: string[]): Promise<string[]> {
  const rows = await session.execute(RETIRE_MISSING_MODELS, { ids: JSON.stringify(catalogIds) });
  return rows.map((row) => row.id).filter((id): id is string => typeof id === 'string');
}
