import { DatabaseError, SyncError } from '../../errors.js';
import { classifyDatabaseFailure } from '../database-errors.js';
import { describeTlsFailure } from './tls.js';

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

/**
 * `host:port/database` of a connection URL, with no user name or password; a Unix socket's
 * directory (given percent-encoded as the host) is shown as the path it is.
 */
export function describeTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const host = /^%2f/i.test(url.hostname) ? decodeURIComponent(url.hostname) : url.hostname;
    return `${host}${url.port === '' ? '' : `:${url.port}`}${url.pathname}`;
  } catch {
    return 'the configured server';
  }
}

/** A node-postgres failure as the error a person can act on; `target` comes from `describeTarget`. */
export function toSyncError(error: unknown, target: string): SyncError {
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
