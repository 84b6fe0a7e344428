import pg from 'pg';
import { DatabaseError, SyncError } from '../errors.js';
import { classifyDatabaseFailure } from './database-errors.js';
import { toPositional } from './named-parameters.js';
import { describeTlsFailure, withLibpqSslModes } from './postgres-tls.js';
import type { DatabasePort, SqlParameters, SqlRow, SqlSession, SqlStatement } from './port.js';

/** A database port over node-postgres, for the CLI, tests and any PostgreSQL reachable by URL. */
export interface PostgresDatabase extends DatabasePort {
  /** Closes the connection pool. */
  close(): Promise<void>;
}

const CONNECTION_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  '28P01': 'password authentication failed',
  '28000': 'not allowed to connect',
  '3D000': 'database does not exist',
};

/** `host:port/database` of a connection URL, with no user name or password. */
function describeTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}${url.port === '' ? '' : `:${url.port}`}${url.pathname}`;
  } catch {
    return 'the configured server';
  }
}

function toSyncError(error: unknown, target: string): SyncError {
  if (error instanceof SyncError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const tlsProblem = describeTlsFailure(error);
  if (tlsProblem !== undefined) {
    return new DatabaseError(`Could not connect to PostgreSQL at ${target}: ${tlsProblem}`, { cause: error });
  }
  const connectionProblem = typeof code === 'string' ? CONNECTION_FAILURES[code] : undefined;
  if (connectionProblem !== undefined) {
    return new DatabaseError(
      `Could not connect to PostgreSQL at ${target} (${connectionProblem}). Check DATABASE_URL.`,
      { cause: error },
    );
  }
  if (/terminat|Connection terminated|ended unexpectedly|not queryable/i.test(message)) {
    return new DatabaseError(
      'The database connection was closed during the sync; nothing was changed. Run the sync again.',
      { cause: error },
    );
  }
  return classifyDatabaseFailure(message, error);
}

async function run(
  client: pg.Pool | pg.PoolClient,
  statement: SqlStatement,
  parameters: SqlParameters,
  target: string,
): Promise<SqlRow[]> {
  const { text, values } = toPositional(statement.text, parameters);
  try {
    const result = await client.query<SqlRow>(text, values);
    return result.rows;
  } catch (error) {
    throw toSyncError(error, target);
  }
}

/** Connects to PostgreSQL by URL (`postgres://user:password@host:port/database`). */
export function createPostgresDatabase(connectionString: string): PostgresDatabase {
  const target = describeTarget(connectionString);
  const pool = new pg.Pool({ connectionString: withLibpqSslModes(connectionString), max: 4, connectionTimeoutMillis: 10_000 });
  // An idle client whose server went away must not crash the process; the next query reports it.
  pool.on('error', () => undefined);

  return {
    execute: (statement, parameters = {}) => run(pool, statement, parameters, target),

    async transaction(work, options = {}) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toSyncError(error, target);
      }
      const session: SqlSession = {
        execute: (statement, parameters = {}) => run(client, statement, parameters, target),
      };
      // The pool stops listening while a client is checked out: a server that goes away between
      // statements would crash the process. The next statement reports it instead.
      const noticeLostConnection = (): void => undefined;
      client.on('error', noticeLostConnection);
      let broken = false;
      try {
        await run(client, { name: 'begin', text: 'BEGIN' }, {}, target);
        const result = await work(session);
        const finish = options.rollbackOnly === true ? 'ROLLBACK' : 'COMMIT';
        await run(client, { name: finish.toLowerCase(), text: finish }, {}, target);
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        // Statement failures were already translated by run(); anything else passes unchanged.
        throw error;
      } finally {
        client.off('error', noticeLostConnection);
        client.release(broken);
      }
    },

    close: () => pool.end(),
  };
}
