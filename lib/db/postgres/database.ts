import pg from 'pg';
import type { DatabasePort } from '../port.js';
import { describeTarget, toSyncError } from './errors.js';
import { runStatement } from './statement.js';
import { withLibpqSslModes } from './tls.js';
import { runPostgresTransaction } from './transaction.js';

/** A database port over node-postgres, for the CLI, tests and any PostgreSQL reachable by URL. */
export interface PostgresDatabase extends DatabasePort {
  /** Closes the connection pool. */
  close(): Promise<void>;
}

/** Connects to PostgreSQL by URL (`postgres://user:password@host:port/database`). */
export function createPostgresDatabase(connectionString: string): PostgresDatabase {
  const target = describeTarget(connectionString);
  const pool = new pg.Pool({ connectionString: withLibpqSslModes(connectionString), max: 4, connectionTimeoutMillis: 10_000 });
  // An idle client whose server went away must not crash the process; the next query reports it.
  pool.on('error', () => undefined);

  return {
    execute: (statement, parameters = {}) => runStatement(pool, statement, parameters, target),

    async transaction(work, options = {}) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toSyncError(error, target);
      }
      return runPostgresTransaction(client, target, work, options);
    },

    close: () => pool.end(),
  };
}
