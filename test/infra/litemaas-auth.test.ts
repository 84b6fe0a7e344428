import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { ONE_AUTHORIZER_MESSAGE, parseConfig } from '../../infra/config/index.js';
import { SyncApi } from '../../infra/constructs/sync-api.js';
import { LITELLM_URL, NEW_DATABASE, buildStack, logicalId, resourcesOf, syncFunctions, templateFor } from './synth-stack.js';

const JWT_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-jwt-AbCdEf';
const LITEMAAS_MODE = { ...NEW_DATABASE, litellmUrl: LITELLM_URL, litemaasJwtSecretArn: JWT_SECRET_ARN };

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

const actionsOf = (statement: Statement): string[] => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);

/** The statements of the policies attached to one role (by the role's logical id). */
function statementsOfRole(roleId: string): Statement[] {
  const policies = Object.values(resourcesOf(templateFor(LITEMAAS_MODE), 'AWS::IAM::Policy'));
  return policies
    .filter((policy) => (policy.Properties?.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}

describe('LiteMaaS token mode (litemaasJwtSecretArn)', () => {
  it('It should read the secret ARN and refuse it together with JWT mode, with one exact message', () => {
    // Prepare
    const read = (context: Record<string, unknown>) => () => parseConfig((key) => context[key]);

    // Assess
    expect(read(LITEMAAS_MODE)().litemaasAuth).toEqual({ jwtSecretArn: JWT_SECRET_ARN });
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
        litemaas: { jwtSecretArn: JWT_SECRET_ARN },
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
    expect(fn.Environment).toEqual({ Variables: { LITEMAAS_JWT_SECRET_ARN: JWT_SECRET_ARN, NODE_OPTIONS: '--max-semi-space-size=16' } });
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
