import type { DesiredModelRow } from '../catalog/types.js';
import type { SqlParameters, SqlRow, SqlSession } from '../db/port.js';
import { changedColumnNames } from '../db/sql/model-columns.js';
import { PLAN_SYNC, RECONCILE_MISSING_MODELS, UPSERT_MODELS } from '../db/sql/sync-models.js';
import { chunkJsonByBytes } from './chunk-by-bytes.js';
import { auditOutcomeOf } from './run-store.js';
import type { LiteMaaSAuditOutcome } from './run-store.js';
import type { SyncChanges } from './types.js';

/** A catalog row with the fingerprint of its content. */
export interface FingerprintedRow {
  row: DesiredModelRow;
  fingerprint: string;
}

/** A catalog model as the plan compares it: its id and the fingerprint of what its row is made from. */
export interface PlannableModel {
  id: string;
  fingerprint: string;
}

/** What the database already holds, relative to the catalog. */
export interface SyncPlan<Model extends PlannableModel = PlannableModel> {
  /** Models that are new or may have changed: their rows must be sent. */
  toSend: Model[];
  /** Paused names whose row is still available: this run makes them unavailable. */
  toPause: string[];
  /** Paused names with no row: never inserted. */
  pausedNew: string[];
  /** Available models, not counting those being paused. */
  availableCount: number;
  /** Available models the catalog no longer lists (paused ones aside). */
  missingCount: number;
  /** Of those, the ones this run retires (their grace is used up). */
  retirableCount: number;
  /** Models the grace is counting: non-zero means its state needs updating even if nothing else does. */
  trackedCount: number;
  /** When the last run that announced deprecations started (succeeded, or failed only for unusable entries); null when none has. */
  previousAnnouncingRunAt: Date | null;
  /** Nothing to write but the run record: no row to send, to pause, to retire or to count. */
  nothingToWrite: boolean;
  /** The run the plan recorded because there was nothing to write (see `planSync`). */
  recordedRunId: string | undefined;
  /** What became of LiteMaaS's audit row for the run the plan recorded. */
  litemaasAudit: LiteMaaSAuditOutcome;
}

function integer(row: SqlRow | undefined, column: string): number {
  const value = row?.[column];
  if (typeof value !== 'number') throw new Error(`Expected an integer in column ${column}`);
  return value;
}

/** What the writes need to keep the change journal: whose run they are, and how long entries stay. */
export interface JournalSettings {
  runId: string;
  journalRetentionDays: number;
}

/** What the plan compares, and the run it records when there is nothing to write. */
export interface PlanInput<Model extends PlannableModel = PlannableModel> {
  catalog: Model[];
  paused: string[];
  forceUpdate: boolean;
  markUnavailable: boolean;
  retireAfterMissedRuns: number;
  /**
   * The record parameters (`runRecordWithAudit`) of the run as it ends if there is nothing to
   * write, its `ignored` list naming every paused name `paused-new`; `NO_RUN_RECORD` records nothing.
   */
  recordIfNothingToWrite: SqlParameters;
}

/**
 * Asks the database what this run must write (one round trip, no row sent); when that is nothing,
 * the same statement records the run.
 */
export async function planSync<Model extends PlannableModel>(session: SqlSession, input: PlanInput<Model>): Promise<SyncPlan<Model>> {
  const { catalog, paused } = input;
  const rows = await session.execute(PLAN_SYNC, {
    ...input.recordIfNothingToWrite,
    ids: JSON.stringify(catalog.map(({ id }) => id)),
    fingerprints: JSON.stringify(catalog.map(({ fingerprint }) => fingerprint)),
    paused_ids: JSON.stringify(paused),
    force_update: input.forceUpdate,
    mark_unavailable: input.markUnavailable,
    retire_after: input.retireAfterMissedRuns,
  });
  const marks = rows.map((row) => String(row.marks ?? '')).join('');
  if (marks.length !== catalog.length + paused.length) {
    throw new Error(`The sync plan covered ${marks.length} of ${catalog.length + paused.length} catalog models`);
  }
  const pausedMarks = marks.slice(catalog.length);
  return {
    toSend: catalog.filter((_, index) => marks[index] !== '='),
    toPause: paused.filter((_, index) => pausedMarks[index] === 'p'),
    pausedNew: paused.filter((_, index) => pausedMarks[index] === '+'),
    availableCount: integer(rows[0], 'available_count'),
    missingCount: integer(rows[0], 'missing_count'),
    retirableCount: integer(rows[0], 'retirable_count'),
    trackedCount: integer(rows[0], 'tracked_count'),
    previousAnnouncingRunAt: typeof rows[0]?.previous_announcing_run_at === 'string' ? new Date(rows[0].previous_announcing_run_at) : null,
    nothingToWrite: rows[0]?.nothing_to_write === true,
    recordedRunId: typeof rows[0]?.recorded_run_id === 'string' ? rows[0].recorded_run_id : undefined,
    litemaasAudit: auditOutcomeOf(rows[0]?.litemaas_audit),
  };
}

/**
 * Serializes rows one at a time, as they are made, so a large catalog is never held as rows or as
 * text all at once; notes the deprecation date each row wants.
 */
function* serializeRows(rows: Iterable<FingerprintedRow>, wantedDates: Map<string, string | null>): Generator<string> {
  for (const { row, fingerprint } of rows) {
    wantedDates.set(row.id, row.metadata.deprecationDate ?? null);
    yield JSON.stringify({ ...row, fingerprint });
  }
}

/** What the upserts wrote: the ids by kind, and the columns each updated model changed. */
export type WrittenModels = Pick<SyncChanges, 'added' | 'updated' | 'restored'> & {
  updatedColumns: Record<string, string[]>;
  /** Models whose deprecation date this write set for the first time or moved. */
  deprecationChanged: Set<string>;
};

/**
 * Writes new and changed rows, split into requests that stay within `requestBudgetBytes`.
 * Returns the ids actually written, by kind, and the names of the columns each update changed
 * (reported by the same statement: no extra round trip).
 */
export async function upsertModels(
  session: SqlSession,
  rowsToSend: Iterable<FingerprintedRow>,
  settings: { forceUpdate: boolean; newModelsRestricted: boolean; requestBudgetBytes: number } & JournalSettings,
): Promise<WrittenModels> {
  const changes: WrittenModels = { added: [], updated: [], restored: [], updatedColumns: {}, deprecationChanged: new Set() };
  const wantedDates = new Map<string, string | null>();
  for (const chunk of chunkJsonByBytes(serializeRows(rowsToSend, wantedDates), settings.requestBudgetBytes)) {
    const written = await session.execute(UPSERT_MODELS, {
      rows: chunk,
      force_update: settings.forceUpdate,
      new_restricted: settings.newModelsRestricted,
      run_id: settings.runId,
      journal_retention_days: settings.journalRetentionDays,
    });
    for (const { id, change, changed_columns: mask, previous_deprecation_date: previousDate } of written) {
      if (typeof id !== 'string') continue;
      const wantedDate = wantedDates.get(id) ?? null;
      if (wantedDate !== null && wantedDate !== (previousDate ?? null)) changes.deprecationChanged.add(id);
      if (change === 'added') changes.added.push(id);
      else {
        changes.updated.push(id);
        if (change === 'restored') changes.restored.push(id);
        changes.updatedColumns[id] = changedColumnNames(typeof mask === 'number' ? mask : 0);
      }
    }
  }
  // Rows are sent in LiteLLM's order (rowsToSend) and come back in no particular order; results
  // and records list ids sorted, and the changed columns by id in the same order.
  for (const ids of [changes.added, changes.updated, changes.restored]) ids.sort();
  changes.updatedColumns = Object.fromEntries(changes.updated.map((id) => [id, changes.updatedColumns[id] ?? []]));
  return changes;
}

/**
 * Makes paused models and missing models whose grace is used up unavailable, and counts the
 * others' missed runs (one round trip). Returns the ids by kind.
 */
export async function reconcileMissingModels(
  session: SqlSession,
  input: { catalogIds: string[]; paused: string[]; markUnavailable: boolean; retireAfterMissedRuns: number } & JournalSettings,
): Promise<Pick<SyncChanges, 'retired' | 'paused' | 'missing'>> {
  const rows = await session.execute(RECONCILE_MISSING_MODELS, {
    ids: JSON.stringify(input.catalogIds),
    paused_ids: JSON.stringify(input.paused),
    mark_unavailable: input.markUnavailable,
    retire_after: input.retireAfterMissedRuns,
    run_id: input.runId,
    journal_retention_days: input.journalRetentionDays,
  });
  const changes = { retired: [] as string[], paused: [] as string[], missing: [] as string[] };
  for (const { id, change } of rows) {
    if (typeof id !== 'string') continue;
    if (change === 'paused') changes.paused.push(id);
    else if (change === 'missing') changes.missing.push(id);
    else changes.retired.push(id);
  }
  // The statement returns them in no particular order; results and records list ids sorted.
  for (const ids of Object.values(changes)) ids.sort();
  return changes;
}
