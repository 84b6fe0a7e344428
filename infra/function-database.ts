/**
 * The database the functions use, whichever way they reach it: the stack asks this file for the
 * construct, the variables and the grants, and never looks at the database mode itself.
 */
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { ModelSyncConfig } from './config/index.js';
import { SyncDatabase } from './constructs/sync-database.js';
import { VpcPostgresDatabase } from './constructs/vpc-postgres-database.js';

/** What the stack needs from the database, in every mode. */
export interface FunctionDatabase {
  /** The construct the deploy-time trigger runs after. */
  readonly construct: SyncDatabase | VpcPostgresDatabase;
  /** The secret that may migrate (the deploy-time function's). */
  readonly secret: secretsmanager.ISecret;
  /** The secret of the scheduled and API functions. */
  readonly runtimeSecret: secretsmanager.ISecret;
  /** Every function's database variables except `DB_SECRET_ARN`. */
  readonly environment: Record<string, string>;
  /** Lets a function use the database as the user of `secret`. */
  grant(grantee: iam.IGrantable, secret: secretsmanager.ISecret): void;
  /** Outputs naming the database: id, value, description. */
  readonly outputs: readonly (readonly [string, string, string])[];
}

/** The database of one deployment, created or imported as `database` says. */
export function functionDatabase(scope: Construct, config: ModelSyncConfig): FunctionDatabase {
  if (config.postgresDatabase !== undefined) {
    const database = new VpcPostgresDatabase(scope, 'Database', { postgres: config.postgresDatabase, runtimeSecretArn: config.runtimeDatabaseSecretArn });
    return {
      construct: database,
      secret: database.secret,
      runtimeSecret: database.runtimeSecret,
      environment: database.environment,
      grant: (grantee, secret) => database.grantConnect(grantee, secret),
      outputs: [['DatabaseSecretArn', database.secret.secretArn, 'The secret (RDS format) the functions connect with']],
    };
  }
  const database = new SyncDatabase(scope, 'Database', { existing: config.existingDatabase, runtimeSecretArn: config.runtimeDatabaseSecretArn });
  return {
    construct: database,
    secret: database.secret,
    runtimeSecret: database.runtimeSecret,
    environment: { DB_CLUSTER_ARN: database.clusterArn, DB_NAME: database.databaseName },
    grant: (grantee, secret) => database.grantDataApiAccess(grantee, secret),
    outputs: [
      ['DatabaseClusterArn', database.clusterArn, 'The Aurora cluster the functions use'],
      ['DatabaseSecretArn', database.secret.secretArn, 'The secret the Data API signs in with'],
    ],
  };
}
