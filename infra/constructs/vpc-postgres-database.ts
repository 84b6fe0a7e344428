import type * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { PostgresDatabaseConfig } from '../config/index.js';
import { refuseArnsOutsideThisAccountAndRegion } from './same-account-rule.js';
import { grantDecryptThroughSecretsManager } from './secret-key-grant.js';

/** Settings of a PostgreSQL the functions connect to over the network. */
export interface VpcPostgresDatabaseProps {
  readonly postgres: PostgresDatabaseConfig;
  /** Complete ARN of the secret of a user limited to the sync's tables. @default - the main secret */
  readonly runtimeSecretArn?: string;
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
  /** The variables that point the functions at it, except `DB_SECRET_ARN` (which differs per function). */
  readonly environment: Record<string, string>;
  private readonly secretKmsKeyArn?: string;

  constructor(scope: Construct, id: string, props: VpcPostgresDatabaseProps) {
    super(scope, id);
    const { postgres } = props;
    this.secret = secretsmanager.Secret.fromSecretCompleteArn(this, 'Secret', postgres.secretArn);
    this.runtimeSecret =
      props.runtimeSecretArn === undefined ? this.secret : secretsmanager.Secret.fromSecretCompleteArn(this, 'RuntimeSecret', props.runtimeSecretArn);
    this.secretKmsKeyArn = postgres.secretKmsKeyArn;
    this.environment = {
      DB_ADAPTER: 'postgres',
      ...(postgres.host === undefined ? {} : { DB_HOST: postgres.host }),
      ...(postgres.databaseName === undefined ? {} : { DB_NAME: postgres.databaseName }),
    };
    refuseArnsOutsideThisAccountAndRegion(this, 'SameAccountAndRegion', [
      { key: 'existingDatabaseSecretArn', arn: postgres.secretArn },
      ...(postgres.secretKmsKeyArn === undefined ? [] : [{ key: 'databaseSecretKmsKeyArn', arn: postgres.secretKmsKeyArn }]),
      ...(props.runtimeSecretArn === undefined ? [] : [{ key: 'runtimeDatabaseSecretArn', arn: props.runtimeSecretArn }]),
    ]);
  }

  /** Lets `grantee` read `secret` (the main one by default), and decrypt it through Secrets Manager only. */
  grantConnect(grantee: iam.IGrantable, secret: secretsmanager.ISecret = this.secret): void {
    secret.grantRead(grantee);
    if (this.secretKmsKeyArn !== undefined) grantDecryptThroughSecretsManager(this, grantee, this.secretKmsKeyArn);
  }
}
