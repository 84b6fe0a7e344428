import { describe, expect, it } from 'vitest';
import { buildStack, DEFAULT_CONTEXT, environmentOf, EXISTING_CONTEXT, EXISTING_DB_SECRET_ARN, LITELLM_URL, logicalId, NEW_DATABASE, resourcesOf, statementsOf, syncFunctions, templateFor } from './synth-stack.js';

const DEFAULT = DEFAULT_CONTEXT;
const EXISTING = EXISTING_CONTEXT;
const KMS_KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Properties that fix a physical name; CloudFormation must choose them, or a second copy collides. */
const NAME_PROPERTIES = [
  'SecretName', 'LogGroupName', 'FunctionName', 'RoleName', 'TopicName', 'QueueName', 'AlarmName', 'DBClusterIdentifier',
  'DBInstanceIdentifier', 'DBSubnetGroupName', 'ManagedPolicyName', 'DashboardName', 'EventBusName', 'ExportName',
];
/**
 * Names operators look up may be fixed if the instance name starts them (each copy has its own);
 * a secret never: a deleted one keeps its name through the recovery window and blocks a redeploy.
 */
const INSTANCE_PREFIXED_ALLOWED = ['DashboardName', 'EventBusName'];

describe('a forgotten flag never swaps the database', () => {
  it('It should refuse a synth without the database mode', () => {
    expect(() => buildStack({ litellmUrl: LITELLM_URL })).toThrow('database is not set');
  });

  it('It should keep the new cluster under the logical id it was first deployed with', () => {
    // A changed logical id makes CloudFormation create a new, empty cluster: pinned on purpose.
    expect(Object.keys(resourcesOf(templateFor(DEFAULT), 'AWS::RDS::DBCluster'))).toEqual(['DatabaseCluster5B53A178']);
  });

  it('It should retain the cluster, its writer and its credentials when the stack stops managing them', () => {
    // Act
    const template = templateFor(DEFAULT);
    const kept = ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'].flatMap((type) => Object.values(template.findResources(type)));
    const dbSecrets = Object.entries(template.findResources('AWS::SecretsManager::Secret')).filter(([id]) => id.includes('DatabaseClusterSecret'));

    // Assess
    expect(kept).toHaveLength(2);
    expect(dbSecrets).toHaveLength(1);
    for (const resource of [...kept, ...dbSecrets.map(([, secret]) => secret)]) {
      expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
    template.hasResourceProperties('AWS::RDS::DBCluster', { DeletionProtection: true });
  });
});

type Rule = { Assertions: { Assert: unknown; AssertDescription: string }[] };

/** The one rule whose logical id starts with DatabaseSameAccountAndRegion. */
function sameAccountRule(context: Record<string, unknown>): Rule | undefined {
  const rules = Object.entries((templateFor(context).toJSON().Rules ?? {}) as Record<string, Rule>).filter(([id]) => id.startsWith('DatabaseSameAccountAndRegion'));
  expect(rules).toHaveLength(1);
  return rules[0]?.[1];
}

describe('an existing cluster', () => {
  it('It should refuse, before any change, a cluster or secret in another account or region', () => {
    // Act
    const rule = sameAccountRule({ ...EXISTING, databaseSecretKmsKeyArn: KMS_KEY_ARN });

    // Assess
    const sameAccountAndRegion = { 'Fn::And': [{ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '123456789012'] }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] }] };
    expect(rule?.Assertions.map((assertion) => assertion.Assert)).toEqual([sameAccountAndRegion, sameAccountAndRegion, sameAccountAndRegion]);
    expect(rule?.Assertions.map((assertion) => assertion.AssertDescription.split(':')[0])).toEqual([
      'existingClusterArn is in account 123456789012, region eu-west-1',
      'existingDatabaseSecretArn is in account 123456789012, region eu-west-1',
      'databaseSecretKmsKeyArn is in account 123456789012, region eu-west-1',
    ]);
  });

  it('It should check only the secret when the cluster is named by identifier (it is then this account and region by construction)', () => {
    const context = { ...DEFAULT, database: 'existing', existingClusterIdentifier: 'litemaas', existingDatabaseSecretArn: EXISTING_DB_SECRET_ARN, databaseName: 'litemaas' };
    expect(sameAccountRule(context)?.Assertions.map((assertion) => assertion.AssertDescription.split(' ')[0])).toEqual(['existingDatabaseSecretArn']);
  });

  it('It should let the deploy-time function, the only one that reads that secret, decrypt it with the given KMS key, through Secrets Manager only', () => {
    // Act
    const policies = Object.values(resourcesOf(templateFor({ ...EXISTING, databaseSecretKmsKeyArn: KMS_KEY_ARN }), 'AWS::IAM::Policy'));
    const decrypts = policies.flatMap((policy) => statementsOf<{ Action: unknown }>(policy)).filter((s) => s.Action === 'kms:Decrypt');

    // Assess
    expect(decrypts).toHaveLength(1);
    for (const statement of decrypts) {
      expect(statement).toEqual({
        Action: 'kms:Decrypt',
        Effect: 'Allow',
        Resource: KMS_KEY_ARN,
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
      });
    }
    expect(JSON.stringify(resourcesOf(templateFor(EXISTING), 'AWS::IAM::Policy'))).not.toContain('kms:');
  });
});

describe('an existing LiteLLM key secret', () => {
  const LITELLM_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litellm-key-XyZ123';
  const WITH_KEY = { ...DEFAULT, litellmApiKeySecretArn: LITELLM_SECRET_ARN, litellmApiKeySecretKmsKeyArn: KMS_KEY_ARN };

  it('It should refuse, before any change, a key secret or its KMS key in another account or region', () => {
    // Act
    const rules = Object.entries((templateFor(WITH_KEY).toJSON().Rules ?? {}) as Record<string, Rule>).filter(([id]) => id.startsWith('LitellmKeySameAccountAndRegion'));

    // Assess
    expect(rules.flatMap(([, rule]) => rule.Assertions.map((assertion) => assertion.AssertDescription.split(':')[0]))).toEqual([
      'litellmApiKeySecretArn is in account 123456789012, region eu-west-1',
      'litellmApiKeySecretKmsKeyArn is in account 123456789012, region eu-west-1',
    ]);
  });

  it('It should let exactly the functions that read the key decrypt its KMS key, through Secrets Manager only', () => {
    // Act
    const policies = Object.values(resourcesOf(templateFor(WITH_KEY), 'AWS::IAM::Policy'));
    const decrypts = policies.flatMap((policy) => statementsOf<{ Action: unknown }>(policy)).filter((s) => s.Action === 'kms:Decrypt');

    // Assess: the scheduled, start and deploy-time functions; not the read function
    expect(decrypts).toHaveLength(3);
    for (const statement of decrypts) {
      expect(statement).toMatchObject({ Resource: KMS_KEY_ARN, Condition: { StringEquals: { 'kms:ViaService': expect.anything() as unknown } } });
    }
  });

  it('It should refuse a KMS key for the secret the stack creates itself', () => {
    expect(() => buildStack({ ...DEFAULT, litellmApiKeySecretKmsKeyArn: KMS_KEY_ARN })).toThrow('litellmApiKeySecretKmsKeyArn only applies with litellmApiKeySecretArn');
  });
});

describe('two copies in one account and region', () => {
  it('It should name the stack after instanceName and prefix what operators look up', () => {
    // Act
    const { stack } = buildStack({ ...DEFAULT, instanceName: 'LiteMaaSModelSync-dev' });
    const template = templateFor({ ...DEFAULT, instanceName: 'LiteMaaSModelSync-dev' });

    // Assess
    expect(stack.stackName).toBe('LiteMaaSModelSync-dev');
    expect(stack.templateOptions.description).toMatch(/^LiteMaaSModelSync-dev: /);
    for (const fn of Object.values(syncFunctions(template))) expect(fn.Description).toMatch(/^LiteMaaSModelSync-dev: /);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Description: `LiteMaaSModelSync-dev: LiteLLM master key for the LiteMaaS model sync (plain string or JSON {"apiKey": "..."})` });
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'LiteMaaSModelSync-dev alarms' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'LiteMaaSModelSync-dev-sync-api' });
    for (const alarm of Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'))) expect(alarm.Properties?.AlarmDescription).toMatch(/^LiteMaaSModelSync-dev: /);
  });

  it.each([
    ['new database', DEFAULT],
    ['existing database', EXISTING],
  ])('It should give nothing a fixed physical name (%s)', (_name, context) => {
    // Act
    const template = templateFor(context).toJSON() as { Resources: Record<string, { Properties?: Record<string, unknown> }>; Outputs: Record<string, object> };

    // Assess: only references (e.g. a Ref to a log group) may fill these properties, never a literal.
    for (const [id, resource] of Object.entries(template.Resources)) {
      for (const property of NAME_PROPERTIES) {
        const value = resource.Properties?.[property];
        if (typeof value === 'string' && INSTANCE_PREFIXED_ALLOWED.includes(property)) expect(value, `${id}.${property}`).toMatch(/^LiteMaaSModelSync[-_]/);
        else if (value !== undefined) expect(typeof value, `${id}.${property}`).not.toBe('string');
      }
    }
    for (const output of Object.values(template.Outputs)) expect(output).not.toHaveProperty('Export');
  });
});

describe('the deploy-time sync never wedges the stack', () => {
  it('It should tell the deploy function to skip the sync with deploySync=false, and still run it as a trigger (migrations)', () => {
    // Act
    const template = templateFor({ ...DEFAULT, deploySync: 'false' });

    // Assess
    expect(environmentOf(template, 'DeploySyncFunction')).toMatchObject({ DEPLOY_SYNC: 'false' });
    expect(Object.keys(resourcesOf(template, 'Custom::Trigger'))).toHaveLength(1);
    expect(environmentOf(templateFor(DEFAULT), 'DeploySyncFunction')).not.toHaveProperty('DEPLOY_SYNC');
  });

  it('It should give the deploy function neither the LiteLLM key nor events:PutEvents with deploySync=false', () => {
    // Prepare
    const grantsOfDeployFunction = (context: Record<string, unknown>): string => {
      const template = templateFor(context);
      const role = logicalId(template, 'AWS::IAM::Role', 'DeploySyncFunctionRole');
      const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((policy) => JSON.stringify(policy.Properties?.Roles).includes(role));
      return JSON.stringify(policies.map((policy) => policy.Properties?.PolicyDocument));
    };
    const litellmKey = logicalId(templateFor(DEFAULT), 'AWS::SecretsManager::Secret', 'LitellmKey');

    // Act
    const skipping = grantsOfDeployFunction({ ...DEFAULT, deploySync: 'false' });
    const syncing = grantsOfDeployFunction(DEFAULT);

    // Assess
    expect(syncing).toContain('events:PutEvents');
    expect(syncing).toContain(litellmKey);
    expect(skipping).not.toContain('events:PutEvents');
    expect(skipping).not.toContain(litellmKey);
    expect(skipping).toContain('rds-data:ExecuteStatement');
  });
});

describe('a failed first sync is alarmed', () => {
  it('It should run the deploy-time trigger only after every alarm and metric filter exists', () => {
    // Prepare
    const template = templateFor(DEFAULT);

    // Act
    const [trigger] = Object.values(resourcesOf(template, 'Custom::Trigger'));
    const dependsOn = trigger?.DependsOn ?? [];

    // Assess
    const watchers = [...Object.keys(resourcesOf(template, 'AWS::CloudWatch::Alarm')), ...Object.keys(resourcesOf(template, 'AWS::Logs::MetricFilter'))];
    expect(watchers.length).toBeGreaterThan(0);
    expect(dependsOn).toEqual(expect.arrayContaining(watchers));
  });
});

describe('the LiteLLM master key never crosses the network in clear', () => {
  it('It should refuse an http:// LiteLLM URL at synth unless the functions run in a VPC or the operator opts in', () => {
    expect(() => buildStack({ ...NEW_DATABASE, litellmUrl: 'http://litellm.example.com' })).toThrow('litellmUrl is http://');
  });

  it('It should read the scheme as a URL does, so an upper-case HTTP:// URL is refused and allowed like http://', () => {
    expect(() => buildStack({ ...NEW_DATABASE, litellmUrl: 'HTTP://litellm.example.com' })).toThrow('litellmUrl is http://');
    const template = templateFor({ ...NEW_DATABASE, litellmUrl: 'HTTP://litellm.example.com', allowInsecureLitellm: 'true' });
    expect(environmentOf(template, 'ScheduledSyncFunction')).toMatchObject({ LITELLM_ALLOW_INSECURE: 'true' });
  });

  it.each([
    ['opted in', { allowInsecureLitellm: 'true' }],
    ['in a VPC', { vpcId: 'vpc-0123abcd', subnetIds: 'subnet-0123abcd', securityGroupIds: 'sg-0123abcd' }],
  ])('It should tell the functions that call LiteLLM that http is allowed (%s)', (_name, extra) => {
    // Act
    const template = templateFor({ ...NEW_DATABASE, litellmUrl: 'http://10.0.0.5:4000', ...extra });

    // Assess
    for (const prefix of ['ScheduledSyncFunction', 'SyncApiFunction', 'DeploySyncFunction']) {
      expect(environmentOf(template, prefix)).toMatchObject({ LITELLM_API_URL: 'http://10.0.0.5:4000', LITELLM_ALLOW_INSECURE: 'true' });
    }
    expect(environmentOf(templateFor(DEFAULT), 'ScheduledSyncFunction')).not.toHaveProperty('LITELLM_ALLOW_INSECURE');
  });
});

describe('a runtime database user limited to the sync tables', () => {
  const RUNTIME_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-db-runtime-QwErTy';

  /** The secret ARNs each function's role may read, by function prefix. */
  function secretReads(context: Record<string, unknown>, rolePrefix: string): unknown[] {
    const template = templateFor(context);
    return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties?.Roles).includes(`"${rolePrefix}Role`))
      .flatMap((policy) => statementsOf<{ Action: unknown; Resource: unknown }>(policy))
      .filter((statement) => JSON.stringify(statement.Action).includes('secretsmanager:GetSecretValue'))
      .map((statement) => statement.Resource);
  }

  it('It should sign the scheduled and start functions in as the runtime user, and only the deploy-time function as the migrating one', () => {
    // Prepare
    const context = { ...EXISTING, runtimeDatabaseSecretArn: RUNTIME_SECRET_ARN };
    const template = templateFor(context);

    // Assess
    for (const prefix of ['ScheduledSyncFunction', 'SyncApiFunction']) {
      expect(environmentOf(template, prefix)).toMatchObject({ DB_SECRET_ARN: RUNTIME_SECRET_ARN });
      expect(secretReads(context, prefix)).toContain(RUNTIME_SECRET_ARN);
      expect(secretReads(context, prefix)).not.toContain(EXISTING_DB_SECRET_ARN);
    }
    expect(environmentOf(template, 'DeploySyncFunction')).toMatchObject({ DB_SECRET_ARN: EXISTING_DB_SECRET_ARN });
    // It also reads the runtime user's secret: to name that user in its log, and to give the
    // reader its credentials when it may not create the reader role.
    expect(secretReads(context, 'DeploySyncFunction')).toEqual([EXISTING_DB_SECRET_ARN, expect.anything(), RUNTIME_SECRET_ARN, expect.anything()]);
    expect(secretReads(context, 'SyncReadApiFunction')).not.toContain(RUNTIME_SECRET_ARN);
    expect(secretReads(context, 'SyncReadApiFunction')).not.toContain(EXISTING_DB_SECRET_ARN);
  });

  it('It should refuse a runtime secret in another account or region, also with a new cluster', () => {
    const rules = templateFor({ ...DEFAULT, runtimeDatabaseSecretArn: RUNTIME_SECRET_ARN }).toJSON().Rules as Record<string, Rule>;
    const descriptions = Object.entries(rules).filter(([id]) => id.startsWith('DatabaseSameAccountAndRegion')).flatMap(([, rule]) => rule.Assertions.map((a) => a.AssertDescription));
    expect(descriptions).toEqual([expect.stringMatching(/^runtimeDatabaseSecretArn is in account 123456789012, region eu-west-1/)]);
  });
});
