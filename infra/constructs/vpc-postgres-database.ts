import type * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RESOURCE_VARIABLES } from '../../lib/settings/deploy-names.js';
import type { PostgresDatabaseConfig } from '../config/index.js';
import { operatorSecretArns } from './sync-database.js';
import type { DatabaseUserKind } from './sync-database.js';
import { refuseArnsOutsideThisAccountAndRegion } from './same-account-rule.js';
import { grantDecryptThroughSecretsManager } from './secret-key-grant.js';

/** Settings of a PostgreSQL the functions connect to over the network. */
export interface VpcPostgresDatabaseProps {
  readonly postgres: PostgresDatabaseConfig;
  /** Complete ARN of the secret of a user limited to the sync's tables. @default - the main secret */
  readonly runtimeSecretArn?: string;
  /** Complete ARN of the secret of a user that may only read the run history. @default - the runtime secret */
  readonly readerSecretArn?: string;
}

/**
 * `database=postgres`: a PostgreSQL that this stack neither creates nor changes (RDS for
 * PostgreSQL, Aurora without the Data API, a database over VPN), reached with node-postgres from
 * the functions' VPC attachment. The stack only imports its secrets and lets the functions read them.
 */
export class VpcPostgresDatabase extends Construct {
  /** The secret in RDS's format the deploy-time function signs in with; the one that may migrate. */
  readonly secret: secretsmanager.ISecret;
  /** The secret for functions that only read and write rows; the main secret unless one was given. */
  readonly runtimeSecret: secretsmanager.ISecret;
  /** The secret of the read function; the runtime secret unless one was given. */
  readonly readerSecret: secretsmanager.ISecret;
  /** The variables that point the functions at it, except `DB_SECRET_ARN` (which differs per function). */
  readonly environment: Record<string, string>;
  private readonly secretKmsKeyArn?: string;

  constructor(scope: Construct, id: string, props: VpcPostgresDatabaseProps) {
    super(scope, id);
    const { postgres } = props;
    this.secret = secretsmanager.Secret.fromSecretCompleteArn(this, 'Secret', postgres.secretArn);
    this.runtimeSecret =
      props.runtimeSecretArn === undefined ? this.secret : secretsmanager.Secret.fromSecretCompleteArn(this, 'RuntimeSecret', props.runtimeSecretArn);
    // The stack does not create users in this mode (docs/deploy.md): an operator's own, or the next one up.
    this.readerSecret =
      props.readerSecretArn === undefined ? this.runtimeSecret : secretsmanager.Secret.fromSecretCompleteArn(this, 'ReaderSecret', props.readerSecretArn);
    this.secretKmsKeyArn = postgres.secretKmsKeyArn;
    this.environment = {
      [RESOURCE_VARIABLES.databaseAdapter]: 'postgres',
      ...(postgres.host === undefined ? {} : { [RESOURCE_VARIABLES.databaseHost]: postgres.host }),
      ...(postgres.databaseName === undefined ? {} : { [RESOURCE_VARIABLES.databaseName]: postgres.databaseName }),
    };
    refuseArnsOutsideThisAccountAndRegion(this, 'SameAccountAndRegion', [
      { key: 'existingDatabaseSecretArn', arn: postgres.secretArn },
      ...(postgres.secretKmsKeyArn === undefined ? [] : [{ key: 'databaseSecretKmsKeyArn', arn: postgres.secretKmsKeyArn }]),
      ...operatorSecretArns(props),
    ]);
  }

  /** The secret `user` signs in with. */
  secretOf(user: DatabaseUserKind): secretsmanager.ISecret {
    return user === 'main' ? this.secret : user === 'writer' ? this.runtimeSecret : this.readerSecret;
  }

  /** Lets `grantee` read the secret of `user` only, and decrypt it through Secrets Manager only. */
  grantConnect(grantee: iam.IGrantable, user: DatabaseUserKind): void {
    this.secretOf(user).grantRead(grantee);
    if (this.secretKmsKeyArn !== undefined) grantDecryptThroughSecretsManager(this, grantee, this.secretKmsKeyArn);
  }
}
