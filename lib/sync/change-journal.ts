import { RESPONSE_BUDGET_BYTES } from '../db/port.js';
import type { SqlRow, SqlSession } from '../db/port.js';
import { READ_MODEL_HISTORY, READ_RUN_CHANGES } from '../db/sql/change-journal.js';
import { ConfigError } from '../errors.js';
import { isRunId } from './run-id.js';

/** What a run did to one model. */
export type ChangeKind = 'added' | 'updated' | 'restored' | 'retired' | 'paused';

/** One entry of the change journal (docs/design.md, "Change journal"). */
export interface ChangeEntry {
  runId: string;
  modelId: string;
  kind: ChangeKind;
  /**
   * For updates, restorations, retirements and pauses: each changed column's `{old, new}` (inside
   * `metadata`, each changed key as `metadata` → `"litellm_model_info.max_tokens"`); null for an
   * added model; `{valuesOmitted: true, columns}` for an entry too large to keep whole.
   */
  changes: Record<string, unknown> | null;
  /** When the run wrote it (microseconds, UTC). */
  recordedAt: string;
  /** The run's trigger and caller as recorded (readers get the short form: functions/commons/http/run-view.ts). */
  trigger: string | null;
  requestedBy: string | null;
}

/** A page of journal entries; pass `nextCursor` back for the next one (null: no more). */
export interface ChangePage {
  entries: ChangeEntry[];
  nextCursor: string | null;
}

export interface PageRequest {
  /** @default CHANGE_PAGE_LIMIT.default */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}


/**
 * A page request this module cannot serve (a bad cursor, limit or run id): the caller's mistake,
 * which the API answers 400, unlike any other ConfigError (a misconfigured database is a 500).
 */
export class PageRequestError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'PageRequestError';
  }
}

/** Entries per journal page: `GET …/changes|history?limit=N` and the CLI's `history --limit N` alike. */
export const CHANGE_PAGE_LIMIT = { default: 50, min: 1, max: 200 } as const;

function text(row: SqlRow, column: string): string | null {
  const value = row[column];
  return typeof value === 'string' ? value : null;
}

function entryOf(row: SqlRow): ChangeEntry {
  const requestedBy = text(row, 'requested_by');
  const changes = text(row, 'changes');
  return {
    runId: text(row, 'run_id') ?? '',
    modelId: text(row, 'model_id') ?? '',
    kind: (text(row, 'kind') ?? 'updated') as ChangeKind,
    changes: changes === null ? null : (JSON.parse(changes) as Record<string, unknown>),
    recordedAt: text(row, 'recorded_at') ?? '',
    trigger: text(row, 'trigger'),
    requestedBy,
  };
}

function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The parts of a cursor this module made, or a ConfigError that says what to do. */
function decodeCursor(cursor: string, parts: number): string[] {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === parts && decoded.every((part) => typeof part === 'string')) return decoded;
  } catch {
    // reported below
  }
  throw new PageRequestError('The cursor is not one this service gave out: pass the nextCursor of the previous page, or none for the first page.');
}

function pageLimit(limit: number | undefined): number {
  const value = limit ?? CHANGE_PAGE_LIMIT.default;
  if (!Number.isInteger(value) || value < CHANGE_PAGE_LIMIT.min || value > CHANGE_PAGE_LIMIT.max) {
    throw new PageRequestError(`The page limit must be a whole number from ${CHANGE_PAGE_LIMIT.min} to ${CHANGE_PAGE_LIMIT.max}.`);
  }
  return value;
}

async function readPage(
  session: SqlSession,
  statement: typeof READ_RUN_CHANGES,
  parameters: Record<string, string | number | null>,
  limit: number,
  cursorOf: (last: ChangeEntry) => string[],
): Promise<ChangePage> {
  const rows = await session.execute(statement, { ...parameters, limit, page_bytes: RESPONSE_BUDGET_BYTES });
  const entries = rows.slice(0, limit).map(entryOf);
  const candidates = typeof rows[0]?.candidates === 'number' ? rows[0].candidates : 0;
  const last = entries.at(-1);
  const more = candidates > entries.length && last !== undefined;
  return { entries, nextCursor: more ? encodeCursor(cursorOf(last)) : null };
}

/**
 * What one run changed, model by model (by id), one page per round trip.
 *
 * @example
 * const { entries, nextCursor } = await readRunChanges(database, runId, { limit: 50 });
 */
export async function readRunChanges(session: SqlSession, runId: string, page: PageRequest = {}): Promise<ChangePage> {
  if (!isRunId(runId)) throw new PageRequestError(`"${runId.slice(0, 64)}" is not a run id: run ids are UUIDs, as GET /sync/runs lists them.`);
  const [afterModel] = page.cursor === undefined ? [null] : decodeCursor(page.cursor, 1);
  return readPage(session, READ_RUN_CHANGES, { run_id: runId, after_model: afterModel ?? null }, pageLimit(page.limit), (last) => [last.modelId]);
}

/**
 * What happened to one model over time, newest first, one page per round trip.
 *
 * @example
 * const { entries } = await readModelHistory(database, 'gpt-4o');
 */
export async function readModelHistory(session: SqlSession, modelId: string, page: PageRequest = {}): Promise<ChangePage> {
  const [beforeTime, beforeRun] = page.cursor === undefined ? [null, null] : decodeCursor(page.cursor, 2);
  return readPage(
    session,
    READ_MODEL_HISTORY,
    { model_id: modelId, before_time: beforeTime ?? null, before_run: beforeRun ?? null },
    pageLimit(page.limit),
    (last) => [last.recordedAt, last.runId],
  );
}
