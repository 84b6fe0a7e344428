import type pg from 'pg';

/**
 * Counts rows written by looking at the tables themselves, outside the metered port: every
 * INSERT or UPDATE — even one that sets the same values — gives the row a new `xmin`, so comparing
 * (id, xmin) before and after a sync counts exactly the row versions it wrote.
 */
export interface RowVersions {
  models: Map<string, string>;
  fingerprints: Map<string, string>;
  runs: number;
  /** Entries of the change journal (`model_sync_changes`): written with each change, never updated. */
  journal: number;
}

export interface RowsWritten {
  /** Rows of `models` inserted or updated. */
  models: number;
  /** Rows of the sync's own bookkeeping tables (fingerprints, run records and change-journal entries). */
  bookkeeping: number;
}

async function versions(client: pg.Client, sql: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ id: string; version: string }>(sql);
  return new Map(rows.map((row) => [row.id, row.version]));
}

export async function readRowVersions(client: pg.Client): Promise<RowVersions> {
  const counts = await client.query<{ runs: number; journal: number }>(
    'SELECT (SELECT count(*)::int FROM model_sync_runs) AS runs, (SELECT count(*)::int FROM model_sync_changes) AS journal',
  );
  return {
    models: await versions(client, 'SELECT id, xmin::text AS version FROM models'),
    fingerprints: await versions(client, 'SELECT model_id AS id, xmin::text AS version FROM model_sync_fingerprints'),
    runs: counts.rows[0]?.runs ?? 0,
    journal: counts.rows[0]?.journal ?? 0,
  };
}

function changedVersions(before: Map<string, string>, after: Map<string, string>): number {
  let changed = 0;
  for (const [id, version] of after) if (before.get(id) !== version) changed += 1;
  return changed;
}

export function rowsWritten(before: RowVersions, after: RowVersions): RowsWritten {
  return {
    models: changedVersions(before.models, after.models),
    bookkeeping: changedVersions(before.fingerprints, after.fingerprints) + (after.runs - before.runs) + (after.journal - before.journal),
  };
}

/** Empties the tables the sync writes, so that a "first sync" really starts from nothing. */
export async function emptyTables(client: pg.Client): Promise<void> {
  await client.query('TRUNCATE models, model_sync_fingerprints, model_sync_runs, model_sync_changes');
}
