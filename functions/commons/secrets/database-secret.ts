import { ConfigError } from '../../../lib/errors.js';

/** What a database secret in RDS's format gives a network connection (`DB_ADAPTER=postgres`). */
export interface DatabaseCredentials {
  host: string;
  port: number;
  username: string;
  password: string;
  /** Absent in secrets RDS generated for an instance without a database name. */
  dbname?: string;
}

/** `engine` values of RDS and Aurora PostgreSQL secrets; any other engine is a wrong secret. */
const POSTGRES_ENGINES = new Set(['postgres', 'aurora-postgresql']);

const SHAPE =
  'must be JSON in RDS\'s format: {"engine": "postgres", "host": …, "port": 5432, "username": …, "password": …, "dbname": …}';

/**
 * The credentials in a database secret's value, as RDS writes them (`host`, `port`, `username`,
 * `password`, `dbname`, `engine`). Throws a `ConfigError` naming the field that is wrong; it never
 * quotes the value.
 */
export function databaseCredentialsFromSecret(value: unknown): DatabaseCredentials {
  let parsed: unknown;
  try {
    parsed = typeof value === 'string' ? JSON.parse(value) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`The secret named by DB_SECRET_ARN ${SHAPE}.`);
  }
  const fields = parsed as Record<string, unknown>;
  const text = (name: string): string | undefined => (typeof fields[name] === 'string' && fields[name] !== '' ? fields[name] : undefined);
  const engine = text('engine');
  if (engine !== undefined && !POSTGRES_ENGINES.has(engine)) {
    throw new ConfigError(`The secret named by DB_SECRET_ARN is for engine "${engine}"; the sync needs a PostgreSQL secret (engine postgres or aurora-postgresql).`);
  }
  const portValue = fields.port ?? 5432;
  const port = typeof portValue === 'string' && /^\d+$/.test(portValue) ? Number(portValue) : portValue;
  const host = text('host');
  const username = text('username');
  const password = text('password');
  const missing = [host === undefined ? 'host' : undefined, username === undefined ? 'username' : undefined, password === undefined ? 'password' : undefined]
    .filter((name): name is string => name !== undefined);
  if (missing.length > 0 || host === undefined || username === undefined || password === undefined) {
    throw new ConfigError(`The secret named by DB_SECRET_ARN has no ${missing.join(', ')}: it ${SHAPE}.`);
  }
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ConfigError('The secret named by DB_SECRET_ARN has a port that is not a number from 1 to 65535.');
  }
  const dbname = text('dbname');
  return { host, port, username, password, ...(dbname === undefined ? {} : { dbname }) };
}
