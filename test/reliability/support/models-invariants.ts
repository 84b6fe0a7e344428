import { isDeepStrictEqual } from 'node:util';
import type pg from 'pg';
import type { DesiredModelRow } from '../../../lib/catalog/types.js';
import { SYNC_OWNED_COLUMNS } from '../../../lib/db/sql/model-columns.js';
import type { SyncResult } from '../../../lib/sync/types.js';

import type { ModelsSnapshot } from '../../support/table-snapshot.js';

type StoredRow = Record<string, unknown>;
type Queryable = Pick<pg.Client, 'query'>;

/** What the table may look like after a case. */
export type ExpectedState = 'unchanged' | 'applied' | 'either';

export interface InvariantInput {
  before: ModelsSnapshot;
  after: ModelsSnapshot;
  /** The catalog the run was given (from buildCatalog); needed for 'applied'. */
  catalog?: DesiredModelRow[];
  expected: ExpectedState;
  /** As the run was asked. @default true */
  markUnavailable?: boolean;
}

export interface InvariantVerdict {
  /** What the table turned out to be. */
  state: 'unchanged' | 'applied' | 'corrupt';
  problems: string[];
}

const OWNED_BY_LITEMAAS = ['restricted_access', 'encrypted_api_key'] as const;
const SYNC_COLUMNS = SYNC_OWNED_COLUMNS.map(([name]) => name);
const NUMERIC_COLUMNS = new Set(['input_cost_per_token', 'output_cost_per_token']);

function sameValue(column: string, stored: unknown, wanted: unknown): boolean {
  if (NUMERIC_COLUMNS.has(column) && stored !== null && wanted !== null) return Number(stored) === Number(wanted);
  return isDeepStrictEqual(stored ?? null, wanted ?? null);
}

function withoutTimestamps(row: StoredRow): StoredRow {
  return Object.fromEntries(Object.entries(row).filter(([column]) => column !== 'updated_at'));
}

function unchangedProblems(before: ModelsSnapshot, after: ModelsSnapshot): string[] {
  const problems: string[] = [];
  for (const [id, row] of after) {
    const previous = before.get(id);
    if (previous === undefined) problems.push(`row ${id} was added`);
    else if (!isDeepStrictEqual(previous, row)) problems.push(`row ${id} changed`);
  }
  return problems;
}

function appliedProblems(input: InvariantInput, catalog: DesiredModelRow[]): string[] {
  const { before, after } = input;
  const markUnavailable = input.markUnavailable ?? true;
  const problems: string[] = [];
  const catalogIds = new Set(catalog.map((row) => row.id));
  for (const wanted of catalog) {
    const stored = after.get(wanted.id);
    const previous = before.get(wanted.id);
    if (stored === undefined) {
      problems.push(`catalog model ${wanted.id} is missing`);
      continue;
    }
    const different = SYNC_COLUMNS.filter((column) => !sameValue(column, stored[column], wanted[column]));
    if (different.length > 0) problems.push(`row ${wanted.id} differs from the catalog in ${different.join(', ')}`);
    const wantedDescription = (previous?.description as string | null | undefined) ?? wanted.description;
    if (stored.description !== wantedDescription) problems.push(`row ${wanted.id} has the wrong description`);
    if (previous !== undefined) {
      const needsWrite =
        SYNC_COLUMNS.some((column) => !sameValue(column, previous[column], wanted[column])) ||
        previous.description !== wantedDescription;
      if (!needsWrite && stored.updated_at !== previous.updated_at) {
        problems.push(`unchanged row ${wanted.id} was rewritten (updated_at moved)`);
      }
    } else if (stored.restricted_access !== false || stored.encrypted_api_key !== null) {
      problems.push(`new row ${wanted.id} has LiteMaaS-owned values set`);
    }
  }
  for (const [id, stored] of after) {
    if (catalogIds.has(id)) continue;
    const previous = before.get(id);
    if (previous === undefined) {
      problems.push(`row ${id} appeared without being in the catalog`);
      continue;
    }
    if (markUnavailable && previous.availability === 'available') {
      const expected = { ...withoutTimestamps(previous), availability: 'unavailable' };
      if (!isDeepStrictEqual(withoutTimestamps(stored), expected)) problems.push(`missing model ${id} was not retired cleanly`);
    } else if (!isDeepStrictEqual(stored, previous)) {
      problems.push(`row ${id}, not in the catalog and not to be retired, changed`);
    }
  }
  return problems;
}

/**
 * The invariants every case must keep: nothing deleted, LiteMaaS-owned columns untouched, and the
 * table either exactly as before or exactly the new catalog — never in between.
 */
export function checkModelsInvariants(input: InvariantInput): InvariantVerdict {
  const { before, after } = input;
  const problems: string[] = [];
  for (const [id, previous] of before) {
    const stored = after.get(id);
    if (stored === undefined) {
      problems.push(`row ${id} was deleted`);
      continue;
    }
    for (const column of OWNED_BY_LITEMAAS) {
      if (!isDeepStrictEqual(stored[column], previous[column])) problems.push(`LiteMaaS-owned ${column} of ${id} changed`);
    }
    if (previous.description !== null && stored.description !== previous.description) {
      problems.push(`the admin's description of ${id} was overwritten`);
    }
  }
  const asBefore = unchangedProblems(before, after);
  const asCatalog = input.catalog === undefined ? ['no catalog given'] : appliedProblems(input, input.catalog);
  const state = asBefore.length === 0 ? 'unchanged' : asCatalog.length === 0 ? 'applied' : 'corrupt';
  if (state === 'corrupt') {
    problems.push(...(input.expected === 'unchanged' ? asBefore : asCatalog));
  } else if (input.expected !== 'either' && state !== input.expected) {
    // An identical catalog leaves the table as before, which is also exactly the catalog.
    if (!(input.expected === 'applied' && asCatalog.length === 0)) {
      problems.push(`expected the table ${input.expected === 'unchanged' ? 'unchanged' : 'to be the new catalog'}, found it ${state}`);
    }
  }
  return { state, problems };
}

/** A message a person can act on: no stack trace, no error class dump, not empty. */
export function messageProblems(message: string, secrets: readonly string[]): string[] {
  const problems: string[] = [];
  if (message.trim() === '') problems.push('empty message');
  if (/\n\s+at |\bat [\w.<>]+ \(.*:\d+:\d+\)/.test(message)) problems.push(`stack trace in "${message}"`);
  if (/\[object Object\]|undefined|TypeError|ReferenceError/.test(message)) problems.push(`unhelpful message "${message}"`);
  for (const secret of secrets) {
    if (message.includes(secret)) problems.push(`secret in "${message}"`);
  }
  return problems;
}

/** The recorded run for a result, as stored. */
export async function recordedRun(
  client: Queryable,
  runId: string,
): Promise<{ status: string; failure_reason: string | null; errors: string[] } | undefined> {
  const { rows } = await client.query<{ status: string; failure_reason: string | null; errors: string[] }>(
    'SELECT status, failure_reason, errors FROM model_sync_runs WHERE id = $1',
    [runId],
  );
  return rows[0];
}

/**
 * Checks a failed result: `success: false`, an actionable error with no secret, and the same error
 * recorded in `model_sync_runs` (when the database was reachable). Returns the problems found.
 */
export async function failedRunProblems(
  client: Queryable,
  result: SyncResult,
  secrets: readonly string[],
  options: { recorded?: boolean } = {},
): Promise<string[]> {
  const problems: string[] = [];
  if (result.success) problems.push('the result says success');
  if (result.errors.length === 0) problems.push('the result has no error');
  for (const error of result.errors) problems.push(...messageProblems(error, secrets));
  if (options.recorded === false) return problems;
  if (result.runId === undefined) return [...problems, 'the failed run has no runId'];
  const run = await recordedRun(client, result.runId);
  if (run === undefined) problems.push('the failed run is not recorded');
  else {
    const expectedStatus = result.skipped ? 'skipped' : 'failed';
    if (run.status !== expectedStatus) problems.push(`the run is recorded as ${run.status}`);
    if (!isDeepStrictEqual(run.errors, result.errors.slice(0, run.errors.length))) problems.push('the recorded errors differ');
  }
  return problems;
}
