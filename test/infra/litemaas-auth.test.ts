import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { ONE_AUTHORIZER_MESSAGE, parseConfig } from '../../infra/config/index.js';
import { METRIC_NAMES } from '../../functions/commons/observability/observability-names.js';
import { SyncApi } from '../../infra/constructs/sync-api.js';
import { actionsOf, buildStack, LITELLM_URL, logicalId, NEW_DATABASE, resourcesOf, rolesOf, statementsOf, syncFunctions, templateFor } from './synth-stack.js';
import type { PolicyStatement } from './synth-stack.js';

const JWT_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-jwt-AbCdEf';
const LITEMAAS_MODE = { ...NEW_DATABASE, litellmUrl: LITELLM_URL, litemaasJwtSecretArn: JWT_SECRET_ARN };
const DEFAULT_CONTEXT_FOR_IAM = { ...NEW_DATABASE, litellmUrl: LITELLM_URL };
const KMS_KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The statements of the policies attached to one role (by the role's logical id). */
function statementsOfRole(roleId: string): PolicyStatement[] {
  const policies = Object.values(resourcesOf(templateFor(LITEMAAS_MODE), 'AWS::IAM::Policy'));
  return policies
    .filter((policy) => rolesOf(policy).some((role) => role.Ref === roleId))
    .flatMap((policy) => statementsOf<PolicyStatement>(policy));
}

describe('LiteMaaS token mode (litemaasJwtSecretArn)', () => {
  it('It should read the secret ARN and refuse it together with JWT mode, with one exact message', () => {
    // Prepare
    const read = (context: Record<string, unknown>) => () => parseConfig((key) => context[key]);

    // Assess
    expect(read(LITEMAAS_MODE)().litemaasAuth).toEqual({ jwtSecretArn: JWT_SECRET_ARN, tokenMaxLifetimeHours: 24 });
    expect(read({ ...LITEMAAS_MODE, jwtIssuer: 'https://issuer.example.com', jwtAudience: 'a' })).toThrow(
      "litemaasJwtSecretArn (LiteMaaS token mode) and jwtIssuer/jwtAudience/jwtScopeRead/jwtScopeStart/jwtScopeForce (JWT mode) each choose the API's authorizer: give only one of them",
    );
    expect(read({ ...LITEMAAS_MODE, jwtScopeForce: 'model-sync/force' })).toThrow(ONE_AUTHORIZER_MESSAGE);
    expect(read({ litemaasJwtSecretArn: 'litemaas-jwt' })).toThrow('litemaasJwtSecretArn must be the complete ARN of a Secrets Manager secret');
  });

  it('It should refuse both modes in the SyncApi construct too', () => {
    // Prepare
    const stack = new Stack(new App(), 'Test');
    const handler = new lambda.Function(stack, 'Handler', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });

    // Act
    const both = () =>
      new SyncApi(stack, 'Api', {
        instanceName: 'Test',
        startHandler: handler,
        readHandler: handler,
        jwt: { issuer: 'https://issuer.example.com', audience: ['a'], scopes: { read: 'r', start: 's', force: 'f' } },
        litemaas: { jwtSecretArn: JWT_SECRET_ARN, tokenMaxLifetimeHours: 24 },
      });

    // Assess
    expect(both).toThrow(ONE_AUTHORIZER_MESSAGE);
  });

  it('It should put the Lambda authorizer, with no scopes, on every route', () => {
    // Prepare
    const template = templateFor(LITEMAAS_MODE);
    const authorizerId = logicalId(template, 'AWS::ApiGatewayV2::Authorizer', 'Api');
    const functionId = logicalId(template, 'AWS::Lambda::Function', 'ApiLitemaasAuthorizerFunction');

    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 30,
    });
    const authorizer = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'))[0];
    expect(JSON.stringify(authorizer?.Properties?.AuthorizerUri)).toContain(functionId);
    const routes = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route'));
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      expect(route.Properties).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
      expect(route.Properties?.AuthorizationScopes).toBeUndefined();
    }
  });

  it('It should let the authorizer read that one secret and nothing else', () => {
    // Prepare
    const template = templateFor(LITEMAAS_MODE);
    const functionId = logicalId(template, 'AWS::Lambda::Function', 'ApiLitemaasAuthorizerFunction');
    const fn = resourcesOf(template, 'AWS::Lambda::Function')[functionId]?.Properties ?? {};
    const roleId = (fn.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

    // Act
    const statements = statementsOfRole(roleId);

    // Assess: the secret (read-only, that ARN only) and its own log group
    const secretStatements = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('secretsmanager:')));
    expect(secretStatements).toEqual([{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: JWT_SECRET_ARN }]);
    const others = statements.filter((statement) => !secretStatements.includes(statement));
    expect(others.flatMap(actionsOf).every((action) => action.startsWith('logs:'))).toBe(true);
    expect(fn.Environment).toEqual({
      Variables: { LITEMAAS_JWT_SECRET_ARN: JWT_SECRET_ARN, LITEMAAS_TOKEN_MAX_LIFETIME_HOURS: '24', NODE_OPTIONS: '--max-semi-space-size=4 --max-old-space-size=128', AWS_LAMBDA_EXEC_WRAPPER: '/var/task/node-flags.sh', MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' },
    });
  });

  it('It should read the longest token lifetime and refuse it, or a KMS key, without token mode', () => {
    // Prepare
    const read = (context: Record<string, unknown>) => () => parseConfig((key) => context[key]);

    // Assess
    expect(read({ ...LITEMAAS_MODE, litemaasTokenMaxLifetimeHours: '8' })().litemaasAuth?.tokenMaxLifetimeHours).toBe(8);
    expect(read({ ...LITEMAAS_MODE, litemaasTokenMaxLifetimeHours: '24h' })).toThrow('litemaasTokenMaxLifetimeHours must be an integer from 1 to 720 (got "24h")');
    expect(read({ ...NEW_DATABASE, litemaasTokenMaxLifetimeHours: 8 })).toThrow('litemaasTokenMaxLifetimeHours only apply in LiteMaaS token mode (litemaasJwtSecretArn)');
    expect(read({ ...NEW_DATABASE, litemaasJwtSecretKmsKeyArn: KMS_KEY_ARN })).toThrow('litemaasJwtSecretKmsKeyArn only apply in LiteMaaS token mode');
  });

  it('It should pass the longest token lifetime to the authorizer', () => {
    // Prepare
    const template = templateFor({ ...LITEMAAS_MODE, litemaasTokenMaxLifetimeHours: 8 });
    const functionId = logicalId(template, 'AWS::Lambda::Function', 'ApiLitemaasAuthorizerFunction');

    // Assess
    const environment = resourcesOf(template, 'AWS::Lambda::Function')[functionId]?.Properties?.Environment as { Variables: Record<string, string> } | undefined;
    expect(environment?.Variables.LITEMAAS_TOKEN_MAX_LIFETIME_HOURS).toBe('8');
  });

  it("It should let the authorizer decrypt the secret's KMS key through Secrets Manager only, and refuse another account or region", () => {
    // Prepare
    const template = templateFor({ ...LITEMAAS_MODE, litemaasJwtSecretKmsKeyArn: KMS_KEY_ARN });
    const functionId = logicalId(template, 'AWS::Lambda::Function', 'ApiLitemaasAuthorizerFunction');
    const fn = resourcesOf(template, 'AWS::Lambda::Function')[functionId]?.Properties ?? {};
    const roleId = (fn.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((policy) =>
      rolesOf(policy).some((role) => role.Ref === roleId),
    );

    // Act
    const statements = policies.flatMap((policy) => statementsOf<PolicyStatement>(policy));
    const rules = JSON.stringify(template.toJSON().Rules);

    // Assess
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: KMS_KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
    });
    expect(rules).toContain('litemaasJwtSecretArn is in account 123456789012, region eu-west-1');
    expect(rules).toContain('litemaasJwtSecretKmsKeyArn is in account 123456789012, region eu-west-1');
  });

  it('It should alarm on the topic when the authorizer refuses a weak JWT_SECRET', () => {
    // Prepare
    const template = templateFor(LITEMAAS_MODE);
    const topicId = logicalId(template, 'AWS::SNS::Topic', 'Alarms');

    // Act
    const filters = Object.values(resourcesOf(template, 'AWS::Logs::MetricFilter')).filter((filter) =>
      JSON.stringify(filter.Properties?.MetricTransformations).includes(METRIC_NAMES.litemaasJwtSecretRefused),
    );
    const alarm = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).find(
      (candidate) => candidate.Properties?.MetricName === METRIC_NAMES.litemaasJwtSecretRefused,
    );

    // Assess
    expect(filters).toHaveLength(1);
    expect(filters[0]?.Properties?.FilterPattern).toBe(`{ $.${METRIC_NAMES.litemaasJwtSecretRefused} = 1 }`);
    const authorizerLogsId = logicalId(template, 'AWS::Logs::LogGroup', 'ApiLitemaasAuthorizerFunctionLogs');
    expect(filters[0]?.Properties?.LogGroupName).toEqual({ Ref: authorizerLogsId });
    expect(alarm?.Properties?.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(String(alarm?.Properties?.AlarmDescription)).toContain('denies every request');
    expect(JSON.stringify(resourcesOf(templateFor(DEFAULT_CONTEXT_FOR_IAM), 'AWS::CloudWatch::Alarm'))).not.toContain(METRIC_NAMES.litemaasJwtSecretRefused);
  });

  it('It should not let the sync functions read the LiteMaaS secret', () => {
    // Prepare
    const template = templateFor(LITEMAAS_MODE);

    // Act
    const syncRoles = Object.values(syncFunctions(template)).map((fn) => (fn.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]);

    // Assess
    for (const roleId of syncRoles) {
      expect(JSON.stringify(statementsOfRole(roleId))).not.toContain(JWT_SECRET_ARN);
    }
  });

  it('It should synthesize without cdk-nag findings', () => {
    // Prepare
    const { app } = buildStack(LITEMAAS_MODE);

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).not.toThrow();
  });
});
