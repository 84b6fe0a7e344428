import pg from 'pg';
import type { DatabasePort } from '../port.js';
import { describeTarget, toSyncError } from './errors.js';
import type { ConnectionTarget } from './errors.js';
import { runStatement } from './statement.js';
import type { ConnectionAdvice } from './tls.js';
import { withLibpqSslModes } from './tls.js';
import { runPostgresTransaction } from './transaction.js';

/** A database port over node-postgres, for the CLI, tests and any PostgreSQL reachable by URL. */
export interface PostgresDatabase extends DatabasePort {
  /** Closes the connection pool. */
  close(): Promise<void>;
}

/**
 * A connection given field by field (what a Secrets Manager secret in RDS's format holds), always
 * over TLS with the certificate checked against `trustedCas` and its name against `host`
 * (libpq's `verify-full`).
 */
export interface PostgresConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** PEM certificates of the CAs that may have signed the server's certificate. */
  readonly trustedCas: readonly string[];
  /** What failure messages tell the reader to check (the settings' source, how to trust a CA). */
  readonly advice: ConnectionAdvice;
}

/** Pool limits; the defaults suit a CLI run. */
export interface PostgresPoolOptions {
  /** @default 4 */
  readonly maxConnections?: number;
  /** How long opening a connection may take. @default 10_000 */
  readonly connectTimeoutMs?: number;
  /** How long one statement may take before the client gives up on it. @default - no limit */
  readonly queryTimeoutMs?: number;
}

function poolConfig(connection: string | PostgresConnection): { config: pg.PoolConfig; target: ConnectionTarget } {
  if (typeof connection === 'string') {
    return { config: { connectionString: withLibpqSslModes(connection) }, target: describeTarget(connection) };
  }
  const { host, port, user, password, database, trustedCas, advice } = connection;
  return {
    // node-postgres passes `ssl` to tls.connect: with `ca` set and rejectUnauthorized on, Node checks
    // the chain against these CAs only and the certificate's names against `host`.
    config: { host, port, user, password, database, ssl: { ca: [...trustedCas], rejectUnauthorized: true, servername: host } },
    target: { description: `${host}:${port}/${database}`, advice },
  };
}

/**
 * Connects to PostgreSQL by URL (`postgres://user:password@host:port/database`) or by a
 * {@link PostgresConnection}.
 *
 * @example
 * const database = createPostgresDatabase(process.env.DATABASE_URL);
 */
export function createPostgresDatabase(connection: string | PostgresConnection, options: PostgresPoolOptions = {}): PostgresDatabase {
  const { config, target } = poolConfig(connection);
  const pool = new pg.Pool({
    ...config,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    ...(options.queryTimeoutMs === undefined ? {} : { query_timeout: options.queryTimeoutMs }),
  });
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
