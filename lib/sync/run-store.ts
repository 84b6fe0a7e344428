import { RESPONSE_BUDGET_BYTES } from '../db/port.js';
import type { SqlParameters, SqlSession } from '../db/port.js';
import { randomUUID } from 'node:crypto';
import { DatabaseError } from '../errors.js';
import { ABANDON_RUN, LIST_RUN_IDS, READ_RUN_DOCUMENTS, READ_RUNNING_RUN, RECORD_EVENTS_ERROR, RECORD_RUN, START_RUN } from '../db/sql/sync-runs.js';
import { litemaasAuditEntry } from './litemaas-audit.js';
import { countsOf, runStatusOf } from './types.js';
import type { CatalogPolicy, RunStatus, SyncOptions, SyncResult, SyncTrigger } from './types.js';

/** The options a run is recorded with: the request's, with defaults, and the catalog policy. */
export type RecordedOptions = Required<SyncOptions> & CatalogPolicy;

/** A recorded run, as `model_sync_runs` holds it. */
export interface SyncRun {
  runId: string;
  trigger: string;
  requestedBy: string | null;
  startedAt: string;
  /** Null while the run is `running`. */
  finishedAt: string | null;
  /** `running`: started with `Prefer: respond-async`, still working in the background. */
  status: RunStatus | 'running';
  failureReason: string | null;
  options: RecordedOptions;
  totalModels: number;
  newModels: number;
  updatedModels: number;
  unavailableModels: number;
  restoredModels: number;
  unchangedModels: number;
  pausedModels: number;
  ignoredModels: number;
  errors: string[];
  changes: SyncResult['changes'];
  ignored: SyncResult['ignored'];
  durationMs: number | null;
  /** Why the run's change events could not be published; null when they were (or none were due). */
  eventsError: string | null;
}

/** Most errors kept with a recorded run: a catalog full of bad entries must not bloat history. */
const MAX_RECORDED_ERRORS = 100;

function recordedErrors(errors: string[]): string[] {
  if (errors.length <= MAX_RECORDED_ERRORS) return errors;
  const omitted = errors.length - MAX_RECORDED_ERRORS;
  return [...errors.slice(0, MAX_RECORDED_ERRORS), `… and ${omitted} more errors (see the sync result or logs).`];
}

/** Who asked for a run and with which options: recorded next to its result. */
export interface RunRequestRecord {
  requestedBy?: string | undefined;
  options: RecordedOptions;
}

/**
 * The parameters that record a run (RECORD_RUN, or PLAN_SYNC when nothing changed), for a result
 * that already carries its `runId`.
 */
function runRecordParameters(result: SyncResult & { runId: string }, request: RunRequestRecord): SqlParameters {
  const finishedAt = new Date(Date.parse(result.syncedAt) + result.durationMs).toISOString();
  return {
    id: result.runId,
    trigger: result.trigger,
    requested_by: request.requestedBy ?? null,
    started_at: result.syncedAt,
    finished_at: finishedAt,
    status: runStatusOf(result),
    failure_reason: result.failureReason ?? null,
    duration_ms: result.durationMs,
    document: JSON.stringify({
      options: request.options,
      ...countsOf(result),
      errors: recordedErrors(result.errors),
      changes: result.changes,
      ignored: result.ignored,
    }),
  };
}

/**
 * The parameters of a statement that records a run (`RECORD_RUN`, or the plan when there is
 * nothing to write): the record, and LiteMaaS's audit row when `litemaasAudit` is on and the run
 * calls for one, written by the same statement.
 */
export function runRecordWithAudit(result: SyncResult & { runId: string }, request: RunRequestRecord & { litemaasAudit: boolean }): SqlParameters {
  const audit = request.litemaasAudit ? litemaasAuditEntry(result, request.requestedBy) : null;
  return { ...runRecordParameters(result, request), litemaas_audit: audit === null ? null : JSON.stringify(audit) };
}

/** What a recording statement's `litemaas_audit` column says became of the audit row. */
export function auditOutcomeOf(value: unknown): LiteMaaSAuditOutcome {
  return value === 'absent' || value === 'written' || value === 'denied' ? value : 'off';
}

/** The record parameters of a statement that is to record no run. */
export const NO_RUN_RECORD: SqlParameters = {
  id: null,
  trigger: null,
  requested_by: null,
  started_at: null,
  finished_at: null,
  status: null,
  failure_reason: null,
  duration_ms: null,
  document: null,
  litemaas_audit: null,
};

/**
 * A run whose record the database refused because the run was already ended. Thrown inside the
 * sync's transaction, so the changes of a run nobody may record roll back.
 */
export function runEndedError(runId: string): DatabaseError {
  return new DatabaseError(
    `Run ${runId} was ended before it finished (its background start was given up), so its changes were rolled back. Start a new sync.`,
  );
}

/** What became of the LiteMaaS audit row: not asked for, no `audit_logs` table, written, or refused. */
export type LiteMaaSAuditOutcome = 'off' | 'absent' | 'written' | 'denied';

/**
 * Inserts the run record for a result that already carries its `runId`, with its LiteMaaS audit
 * row when `litemaasAudit` is on and the run calls for one (same statement, so same transaction).
 */
export async function recordRun(
  session: SqlSession,
  result: SyncResult & { runId: string },
  request: RunRequestRecord & { litemaasAudit: boolean },
): Promise<LiteMaaSAuditOutcome> {
  const recorded = await session.execute(RECORD_RUN, runRecordWithAudit(result, request));
  if (recorded.length === 0) throw runEndedError(result.runId);
  return auditOutcomeOf(recorded[0]?.litemaas_audit);
}

/**
 * Reads whole run documents by id, in pieces and pages bounded by bytes, so that a run that
 * touched thousands of models never exceeds the Data API's response limits.
 */
async function readRuns(session: SqlSession, ids: string[]): Promise<SyncRun[]> {
  if (ids.length === 0) return [];
  const texts: string[] = ids.map(() => '');
  let cursor = { run: 0, piece: 0 };
  for (;;) {
    const rows = await session.execute(READ_RUN_DOCUMENTS, {
      ids: JSON.stringify(ids),
      after_run: cursor.run,
      after_piece: cursor.piece,
      page_bytes: RESPONSE_BUDGET_BYTES,
    });
    for (const row of rows) {
      const position = Number(row.run_position);
      texts[position - 1] += String(row.piece);
      cursor = { run: position, piece: Number(row.piece_number) };
    }
    const remaining = Number(rows[0]?.remaining ?? 0);
    if (rows.length === 0 || rows.length >= remaining) break;
  }
  return texts.filter((text) => text !== '').map((text) => JSON.parse(text) as SyncRun);
}

/** The newest runs, newest first. */
export async function listRuns(session: SqlSession, limit: number): Promise<SyncRun[]> {
  const rows = await session.execute(LIST_RUN_IDS, { limit });
  return readRuns(
    session,
    rows.map((row) => String(row.id)),
  );
}

/** One run by id, or undefined. */
export async function getRun(session: SqlSession, runId: string): Promise<SyncRun | undefined> {
  const [run] = await readRuns(session, [runId]);
  return run;
}

/** What an asynchronous run is started with (`POST /sync` with `Prefer: respond-async`). */
export interface StartRunRequest {
  trigger: SyncTrigger;
  requestedBy?: string;
  options: SyncOptions;
}

/**
 * Records a run as `running` before its work starts, and returns its id; undefined when another
 * sync holds the lock or another run is still `running` (the caller answers "busy" at once).
 * The sync that does the work later gets this id (`SyncRequest.runId`) and completes the row.
 */
export async function startRun(session: SqlSession, request: StartRunRequest): Promise<string | undefined> {
  const rows = await session.execute(START_RUN, {
    id: randomUUID(),
    trigger: request.trigger,
    requested_by: request.requestedBy ?? null,
    options: JSON.stringify(request.options),
  });
  const id = rows[0]?.id;
  return typeof id === 'string' ? id : undefined;
}

/** A run recorded as `running` (see {@link startRun}), as its background work reads it. */
export interface RunningRun {
  /** Who asked, as the API recorded it. */
  requestedBy?: string;
  /** The options the API recorded; only the four sync options, each only when a boolean. */
  options: SyncOptions;
}

const OPTION_NAMES = ['forceUpdate', 'markUnavailable', 'dryRun', 'force'] as const;

/**
 * The run `runId` when it is still `running` and not expired, or undefined (unknown, finished or
 * lost). The work of a background run takes its caller and options from here, never from the
 * invocation that asked for it.
 */
export async function readRunningRun(session: SqlSession, runId: string): Promise<RunningRun | undefined> {
  const [row] = await session.execute(READ_RUNNING_RUN, { id: runId });
  if (row === undefined) return undefined;
  const recorded: unknown = JSON.parse(String(row.options ?? '{}'));
  const source = recorded !== null && typeof recorded === 'object' ? (recorded as Record<string, unknown>) : {};
  const options: SyncOptions = {};
  for (const name of OPTION_NAMES) {
    const value = source[name];
    if (typeof value === 'boolean') options[name] = value;
  }
  const requestedBy = typeof row.requested_by === 'string' ? row.requested_by : undefined;
  return { ...(requestedBy === undefined ? {} : { requestedBy }), options };
}

/** Longest events error kept with a run. */
const MAX_EVENTS_ERROR_LENGTH = 2_000;

/** Records with a run why its change events could not be published. */
export async function recordEventsError(session: SqlSession, runId: string, message: string): Promise<void> {
  await session.execute(RECORD_EVENTS_ERROR, { id: runId, events_error: message.slice(0, MAX_EVENTS_ERROR_LENGTH) });
}

/** Marks a `running` run failed, with the reason, when its background work could not start. */
export async function abandonRun(session: SqlSession, runId: string, message: string): Promise<void> {
  await session.execute(ABANDON_RUN, { id: runId, message });
}
