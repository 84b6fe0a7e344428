import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ExistingDatabaseConfig } from '../config/index.js';
import { acknowledge } from '../nag.js';
import { refuseArnsOutsideThisAccountAndRegion } from './same-account-rule.js';
import { grantDecryptThroughSecretsManager } from './secret-key-grant.js';

/**
 * The new cluster's construct id. Its logical id must never change: CloudFormation would create a
 * new, empty cluster and (with the RETAIN policy below) leave the old one orphaned. A template
 * test pins the resulting logical id.
 */
const NEW_CLUSTER_ID = 'Cluster';

/**
 * The Data API actions the functions call (lib/db/data-api/), and no more: unlike
 * `grantDataApiAccess`, no `BatchExecuteStatement`, which nothing here uses.
 */
const DATA_API_ACTIONS = [
  'rds-data:BeginTransaction',
  'rds-data:CommitTransaction',
  'rds-data:ExecuteStatement',
  'rds-data:RollbackTransaction',
];

/** Settings of the sync database. */
export interface SyncDatabaseProps {
  /** An existing cluster to use instead of creating one. @default - a new Aurora Serverless v2 cluster */
  readonly existing?: ExistingDatabaseConfig;
  /**
   * Complete ARN of the secret of a user limited to the sync's tables (see `runtimeSecret`).
   * @default - the runtime functions use the main secret
   */
  readonly runtimeSecretArn?: string;
  /** Database name in a new cluster. @default 'litemaas' */
  readonly defaultDatabaseName?: string;
  /** Idle time after which a new cluster pauses (scales to zero). @default Duration.minutes(10) */
  readonly autoPauseAfter?: Duration;
  /** Upper bound of a new cluster's capacity, in ACUs. @default 2 */
  readonly maxCapacity?: number;
}

/**
 * The PostgreSQL database the functions reach through the RDS Data API: either a new Aurora
 * Serverless v2 cluster (PostgreSQL 16, scales to zero, in a VPC with isolated subnets and no NAT:
 * nothing connects over the network, the Data API is the only door) or an imported existing one.
 */
export class SyncDatabase extends Construct {
  /** The ARN the Data API is called with (`DB_CLUSTER_ARN`). */
  readonly clusterArn: string;
  /** The secret the Data API signs in with (`DB_SECRET_ARN`); the one that may migrate. */
  readonly secret: secretsmanager.ISecret;
  /** The secret for functions that only read and write rows; the main secret unless one was given. */
  readonly runtimeSecret: secretsmanager.ISecret;
  /** The database name (`DB_NAME`). */
  readonly databaseName: string;
  /** The new cluster; undefined for an imported one. */
  readonly cluster?: rds.DatabaseCluster;
  /** The new VPC; undefined for an imported cluster. */
  readonly vpc?: ec2.Vpc;
  /** The customer managed key of an imported secret. */
  private readonly secretKmsKeyArn?: string;

  constructor(scope: Construct, id: string, props: SyncDatabaseProps = {}) {
    super(scope, id);
    if (props.existing !== undefined) {
      const existing = props.existing;
      this.secret = secretsmanager.Secret.fromSecretCompleteArn(this, 'Secret', existing.secretArn);
      // A given ARN is used as is (it names the account and region); an identifier means this stack's.
      this.clusterArn =
        existing.clusterArn ??
        rds.DatabaseCluster.fromDatabaseClusterAttributes(this, 'Cluster', {
          clusterIdentifier: existing.clusterIdentifier ?? '',
          secret: this.secret,
          dataApiEnabled: true,
        }).clusterArn;
      this.databaseName = existing.databaseName;
      this.secretKmsKeyArn = existing.secretKmsKeyArn;
      this.runtimeSecret = this.importRuntimeSecret(props.runtimeSecretArn);
      refuseArnsOutsideThisAccountAndRegion(this, 'SameAccountAndRegion', [
        ...(existing.clusterArn === undefined ? [] : [{ key: 'existingClusterArn', arn: existing.clusterArn }]),
        { key: 'existingDatabaseSecretArn', arn: existing.secretArn },
        ...(existing.secretKmsKeyArn === undefined ? [] : [{ key: 'databaseSecretKmsKeyArn', arn: existing.secretKmsKeyArn }]),
        ...(props.runtimeSecretArn === undefined ? [] : [{ key: 'runtimeDatabaseSecretArn', arn: props.runtimeSecretArn }]),
      ]);
      return;
    }

    this.databaseName = props.defaultDatabaseName ?? 'litemaas';
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });
    acknowledge(this.vpc, 'AwsSolutions-VPC7', 'The VPC holds only the Aurora instances in isolated subnets with no internet route and no client in the VPC; all access goes through the RDS Data API, so flow logs would record nothing.');

    this.cluster = new rds.DatabaseCluster(this, NEW_CLUSTER_ID, {
      // 16.3 is the first PostgreSQL 16 that can auto-pause (min capacity 0).
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      serverlessV2MinCapacity: 0,
      serverlessV2MaxCapacity: props.maxCapacity ?? 2,
      serverlessV2AutoPauseDuration: props.autoPauseAfter ?? Duration.minutes(10),
      enableDataApi: true,
      storageEncrypted: true,
      credentials: rds.Credentials.fromGeneratedSecret('modelsync'),
      defaultDatabaseName: this.databaseName,
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      deletionProtection: true,
      backup: { retention: Duration.days(7) },
      // RETAIN, not SNAPSHOT: a stack update that drops the cluster (e.g. switching to
      // database=existing) or a stack deletion leaves it, its data and its secret where they are,
      // instead of failing on deletion protection or deleting what LiteMaaS may still use.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The generated credentials go with the cluster: a retained cluster nobody can sign in to is lost.
    const generatedSecret = this.cluster.node.tryFindChild('Secret');
    if (!(generatedSecret instanceof secretsmanager.Secret)) throw new Error('the generated database secret is missing');
    generatedSecret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    if (this.cluster.secret === undefined) throw new Error('the generated database secret is missing');
    this.secret = this.cluster.secret;
    this.clusterArn = this.cluster.clusterArn;
    this.runtimeSecret = this.importRuntimeSecret(props.runtimeSecretArn);
    if (props.runtimeSecretArn !== undefined) {
      refuseArnsOutsideThisAccountAndRegion(this, 'SameAccountAndRegion', [{ key: 'runtimeDatabaseSecretArn', arn: props.runtimeSecretArn }]);
    }

    acknowledge(this.cluster, 'AwsSolutions-RDS6', 'IAM database authentication is for network connections; nothing connects over the network. The functions use the RDS Data API, authorised by IAM on the cluster ARN plus the generated secret.');
    acknowledge(this.cluster, 'AwsSolutions-SMG4', 'Rotation needs a rotation function inside the isolated VPC with a Secrets Manager interface endpoint; the Data API reads the secret on every call, so rotation can be added later without touching the functions.');
  }

  private importRuntimeSecret(arn: string | undefined): secretsmanager.ISecret {
    return arn === undefined ? this.secret : secretsmanager.Secret.fromSecretCompleteArn(this, 'RuntimeSecret', arn);
  }

  /**
   * Lets `grantee` run statements on this cluster through the Data API as the user of `secret`
   * (the main one by default), and nothing else.
   */
  grantDataApiAccess(grantee: iam.IGrantable, secret: secretsmanager.ISecret = this.secret): void {
    iam.Grant.addToPrincipal({ grantee, actions: DATA_API_ACTIONS, resourceArns: [this.clusterArn] });
    secret.grantRead(grantee);
    // The Data API reads the secret with the caller's rights, so the caller must be able to decrypt it.
    if (this.secretKmsKeyArn !== undefined) grantDecryptThroughSecretsManager(this, grantee, this.secretKmsKeyArn);
  }
}
