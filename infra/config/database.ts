/** The database settings: create a cluster or use an existing one, never by default. */

import { readClusterArn, readKmsKeyArn, readSecretArn } from './arns.js';
import { InvalidValue, readText } from './context-reader.js';
import type { ContextReader } from './context-reader.js';
import type { DatabaseMode, ExistingDatabaseConfig } from './types.js';

/**
 * Required, with no default: a deploy that forgot the existing-cluster keys must not quietly
 * plan a new, empty cluster and point every function at it.
 */
export function readDatabaseMode(read: ContextReader): DatabaseMode {
  const text = readText(read, 'database');
  if (text === undefined) {
    throw new InvalidValue(
      'database is not set: add "database": "new" (this stack creates an Aurora cluster), "database": "existing" (use existingClusterArn or existingClusterIdentifier) or "database": "postgres" (any PostgreSQL reachable from your VPC) to the context of cdk.json, or pass -c database=new|existing|postgres (see docs/deploy.md, "Choose how the sync reaches the database")',
    );
  }
  if (text !== 'new' && text !== 'existing' && text !== 'postgres') throw new InvalidValue(`database must be new, existing or postgres (got "${text}")`);
  return text;
}

/**
 * With `database=existing`, the cluster, its secret and the database name come as a complete set;
 * with `database=new`, none of the `existing*` keys may be given (they would be silently ignored).
 */
export function readExistingDatabase(read: ContextReader, mode: DatabaseMode): ExistingDatabaseConfig | undefined {
  // database=postgres reads its own keys (./postgres-database.ts).
  if (mode === 'postgres') return undefined;
  const clusterArn = readClusterArn(read, 'existingClusterArn');
  const clusterIdentifier = readText(read, 'existingClusterIdentifier');
  const secretArn = readSecretArn(read, 'existingDatabaseSecretArn');
  const secretKmsKeyArn = readKmsKeyArn(read, 'databaseSecretKmsKeyArn');
  const databaseName = readText(read, 'databaseName');
  if (mode === 'new') {
    const given = [
      clusterArn === undefined ? undefined : 'existingClusterArn',
      clusterIdentifier === undefined ? undefined : 'existingClusterIdentifier',
      secretArn === undefined ? undefined : 'existingDatabaseSecretArn',
      secretKmsKeyArn === undefined ? undefined : 'databaseSecretKmsKeyArn',
    ].filter((key): key is string => key !== undefined);
    if (given.length > 0) throw new InvalidValue(`database=new creates its own cluster; ${given.join(', ')} only apply with database=existing`);
    return undefined;
  }
  if (clusterArn !== undefined && clusterIdentifier !== undefined) {
    throw new InvalidValue('existingClusterArn and existingClusterIdentifier name the same thing: give only one of them');
  }
  const missing = [
    clusterArn === undefined && clusterIdentifier === undefined ? 'existingClusterArn (or existingClusterIdentifier)' : undefined,
    secretArn === undefined ? 'existingDatabaseSecretArn' : undefined,
    databaseName === undefined ? 'databaseName' : undefined,
  ].filter((key): key is string => key !== undefined);
  if (missing.length > 0 || secretArn === undefined || databaseName === undefined) {
    throw new InvalidValue(
      `an existing database needs existingClusterArn (or existingClusterIdentifier), existingDatabaseSecretArn and databaseName together; missing: ${missing.join(', ')}`,
    );
  }
  if (clusterIdentifier !== undefined && !/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/.test(clusterIdentifier)) {
    throw new InvalidValue(`existingClusterIdentifier must be an Aurora cluster identifier (letters, digits, hyphens; got "${clusterIdentifier}")`);
  }
  if (!/^[a-zA-Z_][a-zA-Z0-9_$]{0,62}$/.test(databaseName)) {
    throw new InvalidValue(`databaseName must be a PostgreSQL database name (letters, digits, underscores; got "${databaseName}")`);
  }
  return { clusterArn, clusterIdentifier, secretArn, databaseName, ...(secretKmsKeyArn === undefined ? {} : { secretKmsKeyArn }) };
}
