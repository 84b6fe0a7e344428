import type pg from 'pg';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Every column of one `models` row, as `to_jsonb` renders it. */
type StoredRow = Record<string, unknown>;
/** The whole `models` table by id. */
export type ModelsSnapshot = Map<string, StoredRow>;

/**
 * The whole `models` table, every column, by id and as JSON values: compare one taken before a
 * run with one taken after to prove what the run changed (or that it changed nothing).
 */
export async function snapshotModels(client: Queryable): Promise<ModelsSnapshot> {
  const { rows } = await client.query<{ id: string; row: StoredRow }>(
    'SELECT id, to_jsonb(m) AS row FROM models m ORDER BY id',
  );
  return new Map(rows.map(({ id, row }) => [id, row]));
}

/** Every `models` row ordered by id, as node-postgres returns them (dates as `Date`). */
export async function modelRows(client: Queryable): Promise<Record<string, unknown>[]> {
  return (await client.query<Record<string, unknown>>('SELECT * FROM models ORDER BY id')).rows;
}
