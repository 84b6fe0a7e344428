import type pg from 'pg';
import type { SqlParameters, SqlRow, SqlStatement } from '../port.js';
import { toSyncError } from './errors.js';
import type { ConnectionTarget } from './errors.js';
import { toPositional } from './named-parameters.js';

/** Runs one named-parameter statement on a pool or client; failures come back as `SyncError`s. */
export async function runStatement(
  client: pg.Pool | pg.PoolClient,
  statement: SqlStatement,
  parameters: SqlParameters,
  target: ConnectionTarget,
): Promise<SqlRow[]> {
  const { text, values } = toPositional(statement.text, parameters);
  try {
    const result = await client.query<SqlRow>(text, values);
    return result.rows;
  } catch (error) {
    throw toSyncError(error, target);
  }
}
