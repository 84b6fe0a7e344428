import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ContextConfigError, parseConfig } from '../../infra/config/index.js';
import { actionsOf, buildStack, environmentOf, EXISTING_CLUSTER_ARN, EXISTING_DB_SECRET_ARN, POSTGRES_CONTEXT, policyStatements, syncFunctions, templateFor, VPC_ATTACHMENT } from './synth-stack.js';

const from = (context: Record<string, unknown>) => (key: string) => context[key];

/** The problems `parseConfig` reports for a context, or [] when it accepts it. */
function problemsOf(context: Record<string, unknown>): readonly string[] {
  try {
    parseConfig(from(context));
    return [];
  } catch (error) {
    if (error instanceof ContextConfigError) return error.problems;
    throw error;
  }
}

describe('database=postgres: the settings', () => {
  it('It should read the secret, the VPC attachment and the optional proxy host', () => {
    // Act
    const config = parseConfig(from(POSTGRES_CONTEXT));

    // Assess
    expect(config.database).toBe('postgres');
    expect(config.postgresDatabase).toEqual({ secretArn: EXISTING_DB_SECRET_ARN, host: POSTGRES_CONTEXT.databaseHost });
    expect(config.existingDatabase).toBeUndefined();
    expect(config.vpcAttachment).toEqual({ vpcId: 'vpc-0123abcd', subnetIds: ['subnet-0123abcd', 'subnet-0123abce'], securityGroupIds: ['sg-0123abcd'] });
  });

  it('It should require the secret and the VPC attachment, and say why', () => {
    expect(problemsOf({ database: 'postgres' })).toEqual([
      'database=postgres needs existingDatabaseSecretArn (the secret in RDS format: host, port, username, password, dbname) and vpcId, subnetIds and securityGroupIds (the functions run in your VPC to reach the database)',
    ]);
    expect(problemsOf({ database: 'postgres', ...VPC_ATTACHMENT })).toEqual([expect.stringMatching(/^database=postgres needs existingDatabaseSecretArn/)]);
  });

  it('It should refuse Data API cluster keys and a host that is a URL', () => {
    expect(problemsOf({ ...POSTGRES_CONTEXT, existingClusterArn: EXISTING_CLUSTER_ARN })).toEqual([
      'database=postgres connects over the network, not through the Data API; existingClusterArn only apply with database=existing',
    ]);
    expect(problemsOf({ ...POSTGRES_CONTEXT, databaseHost: 'postgres://db.example.com:5432' })).toEqual([expect.stringMatching(/^databaseHost must be a host name/)]);
  });

  it('It should refuse databaseHost in the Data API modes, where nothing would read it', () => {
    expect(problemsOf({ database: 'new', databaseHost: 'db.example.com' })).toEqual(['databaseHost only applies with database=postgres (got database=new)']);
  });

  it('It should name postgres among the modes when the mode is wrong', () => {
    expect(problemsOf({ database: 'rds' })).toEqual(['database must be new, existing or postgres (got "rds")']);
  });
});

describe('database=postgres: the stack', () => {
  it('It should run every function in the given subnets with node-postgres settings and no cluster', () => {
    // Act
    const template = templateFor(POSTGRES_CONTEXT);

    // Assess
    for (const [id, fn] of Object.entries(syncFunctions(template))) {
      expect(fn.VpcConfig, id).toEqual({ SubnetIds: ['subnet-0123abcd', 'subnet-0123abce'], SecurityGroupIds: ['sg-0123abcd'] });
      const environment = environmentOf(template, id);
      expect(environment).toMatchObject({ DB_ADAPTER: 'postgres', DB_HOST: POSTGRES_CONTEXT.databaseHost, DB_SECRET_ARN: EXISTING_DB_SECRET_ARN });
      expect(environment).not.toHaveProperty('DB_CLUSTER_ARN');
      // The secret's dbname applies when databaseName is not given.
      expect(environment).not.toHaveProperty('DB_NAME');
    }
    template.resourceCountIs('AWS::RDS::DBCluster', 0);
    template.resourceCountIs('AWS::EC2::VPC', 0);
  });

  it('It should let the functions read the database secret and call no Data API', () => {
    // Act
    const statements = policyStatements(POSTGRES_CONTEXT);

    // Assess
    const actions = statements.flatMap(actionsOf);
    expect(actions.filter((action) => action.startsWith('rds-data:'))).toEqual([]);
    const databaseSecretReads = statements.filter((statement) => statement.Resource === EXISTING_DB_SECRET_ARN);
    expect(databaseSecretReads).toHaveLength(4);
  });

  it('It should give the runtime functions the runtime secret and keep the main one for the deploy-time function', () => {
    // Prepare
    const runtime = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-db-runtime-QwErTy';

    // Act
    const template = templateFor({ ...POSTGRES_CONTEXT, runtimeDatabaseSecretArn: runtime, databaseName: 'litemaas' });

    // Assess
    expect(environmentOf(template, 'DeploySyncFunction')).toMatchObject({ DB_SECRET_ARN: EXISTING_DB_SECRET_ARN, DB_NAME: 'litemaas' });
    for (const prefix of ['ScheduledSyncFunction', 'SyncApiFunction', 'SyncReadApiFunction']) {
      expect(environmentOf(template, prefix)).toMatchObject({ DB_SECRET_ARN: runtime, DB_NAME: 'litemaas' });
    }
  });

  it('It should synthesize without warnings about the imported VPC and subnets', () => {
    const { stack } = buildStack(POSTGRES_CONTEXT);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('It should output the database secret, not a cluster', () => {
    const outputs = templateFor(POSTGRES_CONTEXT).toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.DatabaseSecretArn?.Value).toBe(EXISTING_DB_SECRET_ARN);
    expect(outputs).not.toHaveProperty('DatabaseClusterArn');
  });
});
