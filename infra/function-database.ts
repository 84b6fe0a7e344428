/**
 * The database the functions use, whichever way they reach it: the stack asks this file for the
 * construct, the variables and the grants, and never looks at the database mode itself.
 */
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { RESOURCE_VARIABLES } from '../lib/settings/deploy-names.js';
import type { ModelSyncConfig } from './config/index.js';
import { SyncDatabase } from './constructs/sync-database.js';
import type { DatabaseUserKind } from './constructs/sync-database.js';
import { VpcPostgresDatabase } from './constructs/vpc-postgres-database.js';

/** What the stack needs from the database, in every mode. */
export interface FunctionDatabase {
  /** The construct the deploy-time trigger runs after. */
  readonly construct: SyncDatabase | VpcPostgresDatabase;
  /** The secret of each user: `main` may migrate (the deploy-time function's), `writer` syncs, `reader` reads. */
  secretOf(user: DatabaseUserKind): secretsmanager.ISecret;
  /** Every function's database variables except `DB_SECRET_ARN`. */
  readonly environment: Record<string, string>;
  /** Lets a function use the database as `user`, and read that user's secret only. */
  grant(grantee: iam.IGrantable, user: DatabaseUserKind): void;
  /**
   * Lets the deploy-time function create and maintain the writer and reader users, and returns the
   * variables that tell it so; an empty object where the stack manages no users.
   */
  manageUsers(deployFunction: iam.IGrantable): Record<string, string>;
  /** Outputs naming the database: id, value, description. */
  readonly outputs: readonly (readonly [string, string, string])[];
}

/** The parts every mode has alike: the construct, and each user's secret as the construct holds it. */
function withConstruct(
  database: SyncDatabase | VpcPostgresDatabase,
  parts: Omit<FunctionDatabase, 'construct' | 'secretOf'>,
): FunctionDatabase {
  return { construct: database, secretOf: (user) => database.secretOf(user), ...parts };
}

/** The database of one deployment, created or imported as `database` says. */
export function functionDatabase(scope: Construct, config: ModelSyncConfig): FunctionDatabase {
  // The operator's own users, where given: the stack then makes no secret and no role for them.
  const ownUsers = { runtimeSecretArn: config.runtimeDatabaseSecretArn, readerSecretArn: config.readerDatabaseSecretArn };
  if (config.postgresDatabase !== undefined) {
    const database = new VpcPostgresDatabase(scope, 'Database', { postgres: config.postgresDatabase, ...ownUsers });
    return withConstruct(database, {
      environment: database.environment,
      grant: (grantee, user) => database.grantConnect(grantee, user),
      manageUsers: () => ({}),
      outputs: [['DatabaseSecretArn', database.secret.secretArn, 'The secret (RDS format) the functions connect with']],
    });
  }
  const database = new SyncDatabase(scope, 'Database', { instanceName: config.instanceName, existing: config.existingDatabase, ...ownUsers });
  return withConstruct(database, {
    environment: { [RESOURCE_VARIABLES.clusterArn]: database.clusterArn, [RESOURCE_VARIABLES.databaseName]: database.databaseName },
    grant: (grantee, user) => database.grantDataApiAccess(grantee, user),
    manageUsers: (deployFunction) => {
      database.grantUserManagement(deployFunction);
      return database.userEnvironment();
    },
    outputs: [
      ['DatabaseClusterArn', database.clusterArn, 'The Aurora cluster the functions use'],
      ['DatabaseSecretArn', database.secret.secretArn, 'The secret the Data API signs in with'],
    ],
  });
}
