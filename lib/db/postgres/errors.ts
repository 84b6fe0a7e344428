import { DatabaseError, SyncError } from '../../errors.js';
import { classifyDatabaseFailure } from '../database-errors.js';
import { DATABASE_URL_ADVICE, describeTlsFailure } from './tls.js';
import type { ConnectionAdvice } from './tls.js';

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

/** The server named in messages (never the user or password) and what to tell the reader to check. */
export interface ConnectionTarget {
  /** `host:port/database`. */
  readonly description: string;
  readonly advice: ConnectionAdvice;
}

/**
 * The target of a connection URL: `host:port/database`, with no user name or password; a Unix
 * socket's directory (given percent-encoded as the host) is shown as the path it is.
 */
export function describeTarget(connectionString: string): ConnectionTarget {
  try {
    const url = new URL(connectionString);
    const host = /^%2f/i.test(url.hostname) ? decodeURIComponent(url.hostname) : url.hostname;
    return { description: `${host}${url.port === '' ? '' : `:${url.port}`}${url.pathname}`, advice: DATABASE_URL_ADVICE };
  } catch {
    return { description: 'the configured server', advice: DATABASE_URL_ADVICE };
  }
}

/** A node-postgres failure as the error a person can act on. */
export function toSyncError(error: unknown, target: ConnectionTarget): SyncError {
  if (error instanceof SyncError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const tlsProblem = describeTlsFailure(error, target.advice);
  if (tlsProblem !== undefined) {
    return new DatabaseError(`Could not connect to PostgreSQL at ${target.description}: ${tlsProblem}`, { cause: error });
  }
  const connectionProblem = typeof code === 'string' ? CONNECTION_FAILURES[code] : undefined;
  if (connectionProblem !== undefined) {
    return new DatabaseError(
      `Could not connect to PostgreSQL at ${target.description} (${connectionProblem}). ${target.advice.check}`,
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
