import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RESOURCE_VARIABLES } from '../../lib/settings/deploy-names.js';
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

/** Who signs in as whom: the main user migrates; the writer syncs; the reader reads. */
export type DatabaseUserKind = 'main' | 'writer' | 'reader';

/**
 * The PostgreSQL role the stack creates for `kind` on this instance's database. Roles are
 * cluster-wide, so the instance name is part of it: two copies on one cluster never share a user
 * (or set each other's password). At most 63 bytes; never starts with a digit.
 */
export function databaseRoleName(instanceName: string, kind: 'writer' | 'reader'): string {
  const base = instanceName.toLowerCase().replace(/[^a-z0-9]/g, '_');
  return `${(/^[0-9]/.test(base) ? `_${base}` : base).slice(0, 56)}_${kind}`;
}

/** A database user of the writer or reader functions: its secret, and the role when the stack manages it. */
export interface DatabaseUser {
  readonly secret: secretsmanager.ISecret;
  /** The role the stack generated the secret for (the deploy-time function creates it); undefined: the operator's own user. */
  readonly managedRole?: string;
}

/** Settings of the sync database. */
export interface SyncDatabaseProps {
  /** An existing cluster to use instead of creating one. @default - a new Aurora Serverless v2 cluster */
  readonly existing?: ExistingDatabaseConfig;
  /** Names the roles the stack creates (see {@link databaseRoleName}). */
  readonly instanceName: string;
  /**
   * Complete ARN of the secret of the operator's own user for the scheduled and start functions.
   * @default - a generated secret for the writer role the deploy-time function creates
   */
  readonly runtimeSecretArn?: string;
  /**
   * Complete ARN of the secret of the operator's own user for the read function.
   * @default - a generated secret for the reader role the deploy-time function creates
   */
  readonly readerSecretArn?: string;
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
  /** The scheduled and start functions' user: `runtimeDatabaseSecretArn`, or a role the stack generates. */
  readonly writer: DatabaseUser;
  /** The read function's user: `readerDatabaseSecretArn`, or a role the stack generates. */
  readonly reader: DatabaseUser;
  /** The database name (`DB_NAME`). */
  readonly databaseName: string;
  /** The new cluster; undefined for an imported one. */
  readonly cluster?: rds.DatabaseCluster;
  /** The new VPC; undefined for an imported cluster. */
  readonly vpc?: ec2.Vpc;
  /** The customer managed key of an imported secret. */
  private readonly secretKmsKeyArn?: string;

  constructor(scope: Construct, id: string, props: SyncDatabaseProps) {
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
      this.writer = this.databaseUser('writer', props.instanceName, props.runtimeSecretArn);
      this.reader = this.databaseUser('reader', props.instanceName, props.readerSecretArn);
      refuseArnsOutsideThisAccountAndRegion(this, 'SameAccountAndRegion', [
        ...(existing.clusterArn === undefined ? [] : [{ key: 'existingClusterArn', arn: existing.clusterArn }]),
        { key: 'existingDatabaseSecretArn', arn: existing.secretArn },
        ...(existing.secretKmsKeyArn === undefined ? [] : [{ key: 'databaseSecretKmsKeyArn', arn: existing.secretKmsKeyArn }]),
        ...operatorSecretArns(props),
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
    this.writer = this.databaseUser('writer', props.instanceName, props.runtimeSecretArn);
    this.reader = this.databaseUser('reader', props.instanceName, props.readerSecretArn);
    const operatorArns = operatorSecretArns(props);
    if (operatorArns.length > 0) refuseArnsOutsideThisAccountAndRegion(this, 'SameAccountAndRegion', operatorArns);

    acknowledge(this.cluster, 'AwsSolutions-RDS6', 'IAM database authentication is for network connections; nothing connects over the network. The functions use the RDS Data API, authorised by IAM on the cluster ARN plus the generated secret.');
    acknowledge(this.cluster, 'AwsSolutions-SMG4', 'Rotation needs a rotation function inside the isolated VPC with a Secrets Manager interface endpoint; the Data API reads the secret on every call, so rotation can be added later without touching the functions.');
  }

  /**
   * The operator's secret when given (`RuntimeSecret`, `ReaderSecret`), or a generated one whose
   * `username` is the role and whose password CloudFormation generates: never in the template.
   */
  private databaseUser(kind: 'writer' | 'reader', instanceName: string, operatorSecretArn: string | undefined): DatabaseUser {
    if (operatorSecretArn !== undefined) {
      return { secret: secretsmanager.Secret.fromSecretCompleteArn(this, kind === 'writer' ? 'RuntimeSecret' : 'ReaderSecret', operatorSecretArn) };
    }
    const managedRole = databaseRoleName(instanceName, kind);
    const secret = new secretsmanager.Secret(this, kind === 'writer' ? 'WriterUserSecret' : 'ReaderUserSecret', {
      description: `${instanceName}: database user ${managedRole} (${kind === 'writer' ? 'the scheduled and start functions' : 'the read function'}); the deploy-time function sets its password in PostgreSQL`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: managedRole }),
        generateStringKey: 'password',
        // Letters and digits: nothing to quote in a URL, a shell or SQL.
        excludePunctuation: true,
        passwordLength: 40,
      },
    });
    acknowledge(secret, 'AwsSolutions-SMG4', 'A changed value is set in PostgreSQL by the deploy-time function (ALTER ROLE … PASSWORD on every run); rotation by put-secret-value and an invoke of that function, no rotation Lambda inside the database VPC needed.');
    return { secret, managedRole };
  }

  /** The secret `user` signs in with. */
  secretOf(user: DatabaseUserKind): secretsmanager.ISecret {
    return user === 'main' ? this.secret : this[user].secret;
  }

  /**
   * Lets `grantee` run statements on this cluster through the Data API as `user` (the main user by
   * default), and read that user's secret only.
   */
  grantDataApiAccess(grantee: iam.IGrantable, user: DatabaseUserKind = 'main'): void {
    iam.Grant.addToPrincipal({ grantee, actions: DATA_API_ACTIONS, resourceArns: [this.clusterArn] });
    this.secretOf(user).grantRead(grantee);
    // A generated secret uses the account's Secrets Manager key; an operator's may use theirs. The
    // Data API reads the secret with the caller's rights, so the caller must be able to decrypt it.
    const operatorSecret = user === 'main' || this[user].managedRole === undefined;
    if (this.secretKmsKeyArn !== undefined && operatorSecret) grantDecryptThroughSecretsManager(this, grantee, this.secretKmsKeyArn);
  }

  /**
   * What the deploy-time function needs beyond the main user: read both users' secrets (to name them
   * in its log, and to copy the writer's into the reader's on a fallback) and write the secrets of
   * the roles the stack manages (a fresh password, or a fallback's credentials).
   */
  grantUserManagement(grantee: iam.IGrantable): void {
    for (const user of [this.writer, this.reader]) {
      user.secret.grantRead(grantee);
      if (user.managedRole !== undefined) {
        iam.Grant.addToPrincipal({ grantee, actions: ['secretsmanager:PutSecretValue'], resourceArns: [user.secret.secretArn] });
      }
    }
  }

  /** The deploy-time function's variables: each user's secret, and the role when the stack manages it. */
  userEnvironment(): Record<string, string> {
    return {
      [RESOURCE_VARIABLES.writerSecretArn]: this.writer.secret.secretArn,
      ...(this.writer.managedRole === undefined ? {} : { [RESOURCE_VARIABLES.writerRole]: this.writer.managedRole }),
      [RESOURCE_VARIABLES.readerSecretArn]: this.reader.secret.secretArn,
      ...(this.reader.managedRole === undefined ? {} : { [RESOURCE_VARIABLES.readerRole]: this.reader.managedRole }),
    };
  }
}

/** The operators' own user secrets, for the same-account-and-region rule (both database constructs). */
export function operatorSecretArns(props: { readonly runtimeSecretArn?: string; readonly readerSecretArn?: string }): { key: string; arn: string }[] {
  return [
    ...(props.runtimeSecretArn === undefined ? [] : [{ key: 'runtimeDatabaseSecretArn', arn: props.runtimeSecretArn }]),
    ...(props.readerSecretArn === undefined ? [] : [{ key: 'readerDatabaseSecretArn', arn: props.readerSecretArn }]),
  ];
}
