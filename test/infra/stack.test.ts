import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { API_BUDGETS, DEPLOY_BUDGETS, SCHEDULED_BUDGETS } from '../../functions/commons/setup/budgets.js';
import { LITELLM_KEY_PLACEHOLDER } from '../../functions/commons/secrets/litellm-key-placeholder.js';
import {
  actionsOf,
  buildStack,
  DEFAULT_CONTEXT,
  environmentOf,
  EXISTING_CLUSTER_ARN,
  EXISTING_CONTEXT,
  EXISTING_DB_SECRET_ARN,
  EXISTING_LITELLM_SECRET_ARN,
  LITELLM_URL,
  logicalId,
  NEW_DATABASE,
  policyStatements,
  resourcesOf,
  syncFunctions,
  templateFor,
} from './synth-stack.js';

const DEFAULT = DEFAULT_CONTEXT;
const IMPORTED_DATABASE = { ...EXISTING_CONTEXT, litellmApiKeySecretArn: EXISTING_LITELLM_SECRET_ARN };

describe('the HTTP API', () => {
  it('It should throttle the stage and write access logs', () => {
    templateFor(DEFAULT).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] }, Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('the schedule', () => {
  it.each([
    [undefined, 'rate(1 hour)'],
    ['1', 'rate(1 minute)'],
    ['15', 'rate(15 minutes)'],
    ['90', 'rate(90 minutes)'],
    ['1440', 'rate(1 day)'],
  ])('It should run every syncIntervalMinutes=%s as %s', (interval, expression) => {
    templateFor({ ...DEFAULT, ...(interval === undefined ? {} : { syncIntervalMinutes: interval }) }).hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: expression,
      State: 'ENABLED',
    });
  });

  it('It should keep the rule but disable it when autoSync is false', () => {
    templateFor({ ...DEFAULT, autoSync: 'false' }).hasResourceProperties('AWS::Events::Rule', { State: 'DISABLED' });
  });

  it('It should retry, age out and dead-letter undeliverable and failed runs', () => {
    // Prepare
    const template = templateFor(DEFAULT);
    const queueArn = { 'Fn::GetAtt': [logicalId(template, 'AWS::SQS::Queue', 'ScheduleDeadLetterQueue'), 'Arn'] };

    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: queueArn },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: queueArn } },
    });
  });

  it('It should encrypt the dead-letter queue and refuse plain HTTP', () => {
    const template = templateFor(DEFAULT);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('the functions', () => {
  it('It should run Node.js 24 on arm64 with the sync environment', () => {
    // Act
    const functions = Object.values(syncFunctions(templateFor(DEFAULT)));

    // Assess
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
      expect(Object.keys((fn.Environment as { Variables: object }).Variables)).toEqual(
        expect.arrayContaining(['DB_CLUSTER_ARN', 'DB_SECRET_ARN', 'DB_NAME', 'DB_RESUME_BUDGET_MS']),
      );
    }
    for (const prefix of ['ScheduledSyncFunction', 'SyncApiFunction', 'DeploySyncFunction']) {
      expect(Object.keys(environmentOf(templateFor(DEFAULT), prefix))).toEqual(expect.arrayContaining(['LITELLM_API_URL', 'LITELLM_API_KEY_SECRET_ARN']));
    }
  });

  it("It should run every function with the Node and allocator options the benchmark measured: small semi-spaces, an old generation of half the function's memory (held over Lambda's own flags by the wrapper), two arenas, large buffers mapped", () => {
    for (const fn of Object.values(syncFunctions(templateFor(DEFAULT)))) {
      const memory = fn.MemorySize as number;
      expect((fn.Environment as { Variables: Record<string, string> }).Variables).toMatchObject({
        NODE_OPTIONS: `--max-semi-space-size=4 --max-old-space-size=${memory / 2}`,
        AWS_LAMBDA_EXEC_WRAPPER: '/var/task/node-flags.sh',
        MALLOC_ARENA_MAX: '2',
        MALLOC_MMAP_THRESHOLD_: '131072',
      });
    }
  });

  it('It should reserve no concurrency by default, so a new account with a small quota can deploy', () => {
    for (const fn of Object.values(syncFunctions(templateFor(DEFAULT)))) {
      expect(fn).not.toHaveProperty('ReservedConcurrentExecutions');
    }
  });

  it('It should give each function its concurrency with reservedConcurrency=true, and the timeout and resume budget the handler was designed for', () => {
    // Act
    const functions = syncFunctions(templateFor({ ...DEFAULT, reservedConcurrency: 'true' }));
    const byPrefix = (prefix: string) => Object.entries(functions).find(([id]) => id.startsWith(prefix))?.[1] ?? {};
    const budget = (fn: Record<string, unknown>) => (fn.Environment as { Variables: Record<string, string> }).Variables.DB_RESUME_BUDGET_MS;

    // Assess: the same numbers the handlers read (functions/commons/setup/budgets.ts), not a second copy.
    const scheduled = byPrefix('ScheduledSyncFunction');
    expect(scheduled).toMatchObject({ ReservedConcurrentExecutions: 1, Timeout: SCHEDULED_BUDGETS.timeoutSeconds });
    expect(budget(scheduled)).toBe(String(SCHEDULED_BUDGETS.resume.budgetMs));
    const api = byPrefix('SyncApiFunction');
    expect(api).toMatchObject({ ReservedConcurrentExecutions: 5, Timeout: API_BUDGETS.timeoutSeconds });
    expect(api.Timeout).toBeLessThan(30);
    expect(budget(api)).toBe(String(API_BUDGETS.resume.budgetMs));
    const read = byPrefix('SyncReadApiFunction');
    expect(read).toMatchObject({ Timeout: API_BUDGETS.timeoutSeconds });
    expect(read).not.toHaveProperty('ReservedConcurrentExecutions');
    expect(budget(read)).toBe(String(API_BUDGETS.resume.budgetMs));
    const deploy = byPrefix('DeploySyncFunction');
    expect(deploy).toMatchObject({ Timeout: DEPLOY_BUDGETS.timeoutSeconds });
    expect(deploy).not.toHaveProperty('ReservedConcurrentExecutions');
    expect(budget(deploy)).toBe(String(DEPLOY_BUDGETS.resume.budgetMs));
  });

  it('It should run the bundles without source maps (no --enable-source-maps at cold start)', () => {
    for (const fn of Object.values(syncFunctions(templateFor(DEFAULT)))) {
      expect((fn.Environment as { Variables: Record<string, string> }).Variables.NODE_OPTIONS).not.toContain('--enable-source-maps');
    }
  });

  it('It should give each function its own log group with a retention', () => {
    const template = templateFor(DEFAULT);
    for (const [id, fn] of Object.entries(syncFunctions(template))) {
      const prefix = id.replace(/[0-9A-F]{8}$/, '');
      expect(fn.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: logicalId(template, 'AWS::Logs::LogGroup', `${prefix}Logs`) } });
    }
    expect(Object.values(resourcesOf(template, 'AWS::Logs::LogGroup')).every((group) => group.Properties?.RetentionInDays === 30)).toBe(true);
  });

  it('It should pass the given LiteLLM URL and retire fraction to the functions that sync', () => {
    const template = templateFor({ ...DEFAULT, maxRetireFraction: '0.2' });
    for (const prefix of ['ScheduledSyncFunction', 'SyncApiFunction', 'DeploySyncFunction']) {
      expect(environmentOf(template, prefix)).toMatchObject({ LITELLM_API_URL: LITELLM_URL, SYNC_MAX_RETIRE_FRACTION: '0.2' });
    }
  });

  it('It should attach the functions to the given VPC', () => {
    // Act
    const template = templateFor({ ...DEFAULT, vpcId: 'vpc-0123abcd', subnetIds: 'subnet-0123abcd,subnet-0123abce', securityGroupIds: 'sg-0123abcd' });

    // Assess
    for (const fn of Object.values(syncFunctions(template))) {
      expect(fn.VpcConfig).toEqual({ SubnetIds: ['subnet-0123abcd', 'subnet-0123abce'], SecurityGroupIds: ['sg-0123abcd'] });
    }
    template.resourceCountIs('AWS::EC2::VPC', 1); // the database's own, not the functions'
  });
});

describe('least privilege', () => {
  it('It should allow Data API actions only on the cluster and secret reads only on the four secrets', () => {
    // Prepare
    const template = templateFor(DEFAULT);
    const clusterId = logicalId(template, 'AWS::RDS::DBCluster', 'DatabaseCluster');
    const dbSecret = { Ref: logicalId(template, 'AWS::SecretsManager::SecretTargetAttachment', 'DatabaseCluster') };
    const litellmSecret = { Ref: logicalId(template, 'AWS::SecretsManager::Secret', 'LitellmKey') };
    const writerSecret = { Ref: logicalId(template, 'AWS::SecretsManager::Secret', 'DatabaseWriterUserSecret') };
    const readerSecret = { Ref: logicalId(template, 'AWS::SecretsManager::Secret', 'DatabaseReaderUserSecret') };

    // Act
    const statements = policyStatements(DEFAULT);

    // Assess
    const dataApi = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('rds-data:')));
    expect(dataApi).toHaveLength(4);
    for (const statement of dataApi) {
      // Exactly the calls lib/db/data-api/ makes: no BatchExecuteStatement.
      expect([...actionsOf(statement)].sort()).toEqual([
        'rds-data:BeginTransaction',
        'rds-data:CommitTransaction',
        'rds-data:ExecuteStatement',
        'rds-data:RollbackTransaction',
      ]);
      expect(JSON.stringify(statement.Resource)).toContain(`":cluster:",{"Ref":"${clusterId}"}`);
    }
    const secretReads = statements.filter((statement) => actionsOf(statement).includes('secretsmanager:GetSecretValue'));
    const readsOf = (secret: unknown) => secretReads.filter((statement) => JSON.stringify(statement.Resource) === JSON.stringify(secret));
    // The main database secret for the deploy-time function only; the writer's for the scheduled
    // and start functions, the reader's for the read function, both also for the deploy-time one
    // (it sets their passwords); the LiteLLM key for all but the read API.
    expect(readsOf(dbSecret)).toHaveLength(1);
    expect(readsOf(writerSecret)).toHaveLength(3);
    expect(readsOf(readerSecret)).toHaveLength(2);
    expect(readsOf(litellmSecret)).toHaveLength(3);
    expect(secretReads).toHaveLength(9);
  });

  it('It should use exactly the given ARNs for an imported database and key', () => {
    // Act
    const statements = policyStatements(IMPORTED_DATABASE);

    // Assess
    const resources = statements
      .filter((statement) => actionsOf(statement).some((action) => action.startsWith('rds-data:') || action.startsWith('secretsmanager:')))
      .map((statement) => statement.Resource);
    const template = templateFor(IMPORTED_DATABASE);
    const generated = ['DatabaseWriterUserSecret', 'DatabaseReaderUserSecret'].map((prefix) => JSON.stringify({ Ref: logicalId(template, 'AWS::SecretsManager::Secret', prefix) }));
    expect(new Set(resources.map((resource) => (typeof resource === 'string' ? resource : JSON.stringify(resource))))).toEqual(
      new Set([EXISTING_CLUSTER_ARN, EXISTING_DB_SECRET_ARN, EXISTING_LITELLM_SECRET_ARN, ...generated]),
    );
  });

  it.each([
    ['default', DEFAULT],
    ['imported database', IMPORTED_DATABASE],
    ['VPC attachment', { ...DEFAULT, vpcId: 'vpc-0123abcd', subnetIds: 'subnet-0123abcd', securityGroupIds: 'sg-0123abcd' }],
  ])('It should name every resource without wildcards (%s)', (_name, context) => {
    for (const statement of policyStatements(context)) {
      expect(JSON.stringify(statement.Resource)).not.toContain('*');
    }
  });
});

describe('secrets', () => {
  it('It should put no secret value in the template', () => {
    // Prepare: a sentinel in an unrelated context key and in every optional text setting that is not validated away
    const sentinel = 'sentinel-9f3c2a71-never-in-template';
    const template = templateFor({ ...DEFAULT, someUnrelatedSetting: sentinel });

    // Act
    const json = JSON.stringify(template.toJSON());
    const secrets = Object.values(resourcesOf(template, 'AWS::SecretsManager::Secret'));

    // Assess
    expect(json).not.toContain(sentinel);
    for (const secret of secrets) {
      const value = secret.Properties?.SecretString;
      if (value !== undefined) expect(value).toBe(LITELLM_KEY_PLACEHOLDER);
      else expect(secret.Properties?.GenerateSecretString).toBeDefined();
    }
    // The LiteLLM key, the new cluster's credentials, the writer's and the reader's.
    expect(secrets).toHaveLength(4);
    expect(json).not.toMatch(/MasterUserPassword":"[^{]/); // only a dynamic reference
  });

  it('It should create no LiteLLM key secret when one is given', () => {
    // Act
    const template = templateFor({ ...DEFAULT, litellmApiKeySecretArn: EXISTING_LITELLM_SECRET_ARN });

    // Assess
    expect(JSON.stringify(template.toJSON())).not.toContain(LITELLM_KEY_PLACEHOLDER);
    expect(Object.keys(template.findOutputs('LitellmKeySecretCommand'))).toHaveLength(0);
    for (const prefix of ['ScheduledSyncFunction', 'SyncApiFunction', 'DeploySyncFunction']) {
      expect(environmentOf(template, prefix)).toMatchObject({ LITELLM_API_KEY_SECRET_ARN: EXISTING_LITELLM_SECRET_ARN });
    }
  });
});

describe('the database', () => {
  it('It should create an encrypted Aurora Serverless v2 PostgreSQL 16 cluster that pauses, with the Data API', () => {
    const template = templateFor(DEFAULT);
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^16\\.'),
      EnableHttpEndpoint: true,
      StorageEncrypted: true,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 2, SecondsUntilAutoPause: 600 },
    });
    const version = String(Object.values(resourcesOf(template, 'AWS::RDS::DBCluster'))[0]?.Properties?.EngineVersion).split('.').map(Number);
    expect((version[0] ?? 0) * 100 + (version[1] ?? 0)).toBeGreaterThanOrEqual(1603); // auto-pause needs 16.3+
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless', Engine: 'aurora-postgresql' });
  });

  it('It should place it in isolated subnets without NAT or internet gateway', () => {
    const template = templateFor(DEFAULT);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });

  it.each([
    ['by ARN', IMPORTED_DATABASE],
    ['by identifier', { ...DEFAULT, database: 'existing', existingClusterIdentifier: 'litemaas', existingDatabaseSecretArn: EXISTING_DB_SECRET_ARN, databaseName: 'litemaas' }],
  ])('It should create no cluster and no VPC for an existing database (%s)', (_name, context) => {
    // Act
    const template = templateFor(context);

    // Assess
    for (const type of ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::SecretsManager::SecretTargetAttachment']) {
      template.resourceCountIs(type, 0);
    }
    for (const [id, fn] of Object.entries(syncFunctions(template))) {
      const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables).toMatchObject({ DB_NAME: 'litemaas' });
      // Only the deploy-time function signs in with the given secret; the others as the writer or reader.
      if (id.startsWith('DeploySync')) expect(variables).toMatchObject({ DB_SECRET_ARN: EXISTING_DB_SECRET_ARN });
      else expect(variables.DB_SECRET_ARN).not.toBe(EXISTING_DB_SECRET_ARN);
      expect(JSON.stringify(variables.DB_CLUSTER_ARN)).toContain('cluster:litemaas');
    }
  });
});

describe('the deploy-time trigger', () => {
  it('It should run the deploy function after the database, again whenever the handler changes', () => {
    // Prepare
    const template = templateFor(DEFAULT);
    const clusterId = logicalId(template, 'AWS::RDS::DBCluster', 'DatabaseCluster');
    const writerId = logicalId(template, 'AWS::RDS::DBInstance', 'DatabaseClusterWriter');

    // Act
    const triggers = Object.values(resourcesOf(template, 'Custom::Trigger'));

    // Assess
    expect(triggers).toHaveLength(1);
    const trigger = triggers[0];
    expect(trigger?.DependsOn).toEqual(expect.arrayContaining([clusterId, writerId]));
    expect(trigger?.Properties).toMatchObject({
      ExecuteOnHandlerChange: true,
      InvocationType: 'RequestResponse',
    });
    // A version, not the function: a new version (a changed handler) re-runs the trigger.
    expect((trigger?.Properties?.HandlerArn as { Ref: string } | undefined)?.Ref).toMatch(/^DeploySyncFunctionCurrentVersion/);
    const deploy = Object.entries(syncFunctions(template)).find(([id]) => id.startsWith('DeploySyncFunction'))?.[1];
    expect(Number(trigger?.Properties?.Timeout)).toBe(DEPLOY_BUDGETS.triggerTimeoutSeconds * 1000);
    expect(Number(trigger?.Properties?.Timeout)).toBeGreaterThan((deploy?.Timeout as number) * 1000);
    expect(Number(trigger?.Properties?.Timeout)).toBeLessThan(900_000); // the provider's own limit
  });

  it('It should send the trigger provider\'s logs to a log group with the functions\' retention', () => {
    // Prepare
    const template = templateFor(DEFAULT);
    const providerId = logicalId(template, 'AWS::Lambda::Function', 'AWSCDKTriggerCustomResourceProvider');

    // Act
    const provider = resourcesOf(template, 'AWS::Lambda::Function')[providerId];

    // Assess
    const logGroupId = logicalId(template, 'AWS::Logs::LogGroup', 'DeployTriggerProviderLogs');
    expect(provider?.Properties?.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
    expect(resourcesOf(template, 'AWS::Logs::LogGroup')[logGroupId]?.Properties?.RetentionInDays).toBe(30);
  });
});

describe('outputs and the LiteLLM URL', () => {
  it('It should output the API URLs, the function names, the deploy log pointer and the secret to fill in, by ARN', () => {
    // Prepare
    const template = templateFor(DEFAULT);
    const secretId = logicalId(template, 'AWS::SecretsManager::Secret', 'LitellmKey');
    const deployLogsId = logicalId(template, 'AWS::Logs::LogGroup', 'DeploySyncFunctionLogs');

    // Act
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Description?: string; Export?: unknown }>;

    // Assess
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['ApiUrl', 'SyncUrl', 'ForceSyncUrl', 'RunHistoryUrl', 'ScheduledSyncFunctionName', 'SyncApiFunctionName', 'SyncReadApiFunctionName', 'DeploySyncFunctionName', 'DeploySyncLogGroup', 'DeploySyncLogCommand', 'LitellmKeySecretCommand']),
    );
    expect(outputs.LitellmKeySecretCommand?.Value).toEqual({
      'Fn::Join': ['', ['aws secretsmanager put-secret-value --secret-id ', { Ref: secretId }, ' --secret-string "$LITELLM_MASTER_KEY"']],
    });
    expect(outputs.DeploySyncLogCommand?.Value).toEqual({ 'Fn::Join': ['', ['aws logs tail ', { Ref: deployLogsId }, ' --since 1h --format short']] });
    for (const output of Object.values(outputs)) {
      expect(output.Description).toMatch(/^LiteMaaSModelSync: /);
      expect(output.Export).toBeUndefined();
    }
  });

  it.each([
    ['IAM', DEFAULT, /callers authenticate with IAM, SigV4-signed requests$/],
    ['JWT', { ...DEFAULT, jwtIssuer: 'https://issuer.example.com', jwtAudience: 'litemaas' }, /callers authenticate with JWT bearer tokens from the configured issuer$/],
    ['LiteMaaS tokens', { ...DEFAULT, litemaasJwtSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-jwt-AbCdEf' }, /callers authenticate with LiteMaaS admins' access tokens$/],
  ])('It should name the auth mode actually deployed in the ApiUrl output (%s)', (_name, context, description) => {
    const outputs = templateFor(context).toJSON().Outputs as Record<string, { Description?: string }>;
    expect(outputs.ApiUrl?.Description).toMatch(description);
  });

  it('It should warn and refuse to deploy when litellmUrl is not set', () => {
    // Act
    const { stack } = buildStack(NEW_DATABASE);
    const template = templateFor(NEW_DATABASE);

    // Assess
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('litellmUrl is not set'));
    expect(template.toJSON().Rules).toHaveProperty('LitellmUrlRequired');
    for (const prefix of ['ScheduledSyncFunction', 'SyncApiFunction', 'DeploySyncFunction']) {
      expect(environmentOf(template, prefix).LITELLM_API_URL).toMatch(/\.invalid$/);
    }
  });

  it('It should neither warn nor block the deploy when litellmUrl is set', () => {
    const { stack } = buildStack(DEFAULT);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('litellmUrl'));
    expect(templateFor(DEFAULT).toJSON().Rules).not.toHaveProperty('LitellmUrlRequired');
  });
});

describe('invalid context', () => {
  it.each([
    [{ syncIntervalMinutes: '0' }, 'syncIntervalMinutes must be an integer from 1 to 1440'],
    [{ syncIntervalMinutes: '2000' }, 'syncIntervalMinutes must be an integer from 1 to 1440'],
    [{ autoSync: 'sometimes' }, 'autoSync must be true or false'],
    [{ litellmUrl: 'ftp://litellm' }, 'litellmUrl must be an http or https URL'],
    [{ database: 'existing', existingClusterArn: EXISTING_CLUSTER_ARN }, 'missing: existingDatabaseSecretArn, databaseName'],
    [{ jwtAudience: 'x' }, 'missing: jwtIssuer'],
    [{ maxRetireFraction: '1.1' }, 'maxRetireFraction must be a number from 0 to 1'],
  ])('It should fail the synth for %j with the documented message', (context, message) => {
    expect(() => buildStack({ ...NEW_DATABASE, ...context })).toThrow(message);
  });
});
