import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTEXT, environmentOf, logicalId, resourcesOf, templateFor } from './synth-stack.js';

const DEFAULT = DEFAULT_CONTEXT;
const JWT = { ...DEFAULT, jwtIssuer: 'https://issuer.example.com/pool', jwtAudience: 'litemaas-admin,litemaas-ops' };

type Route = { RouteKey: string; AuthorizationType: string; AuthorizationScopes?: string[]; Target: unknown; AuthorizerId?: unknown };

function routesOf(context: Record<string, unknown>): Record<string, Route> {
  const routes = Object.values(resourcesOf(templateFor(context), 'AWS::ApiGatewayV2::Route')).map((route) => route.Properties as Route);
  return Object.fromEntries(routes.map((route) => [route.RouteKey, route]));
}

/** The logical id of the function an integration invokes. */
function integrationTarget(context: Record<string, unknown>, route: Route): string {
  const integrationId = JSON.stringify(route.Target).match(/"Ref":"([A-Za-z0-9]+)"/)?.[1] ?? '';
  const integration = resourcesOf(templateFor(context), 'AWS::ApiGatewayV2::Integration')[integrationId];
  return JSON.stringify(integration?.Properties?.IntegrationUri).match(/"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/)?.[1] ?? '';
}

describe('who may do what: the routes', () => {
  it('It should serve the seven agreed routes, each with the IAM authorizer by default', () => {
    // Act
    const routes = routesOf(DEFAULT);

    // Assess: forcing has its own route so an IAM policy can grant POST /sync without it.
    expect(Object.keys(routes).sort()).toEqual([
      'GET /sync/models/{modelId}/history',
      'GET /sync/runs',
      'GET /sync/runs/{runId}',
      'GET /sync/runs/{runId}/changes',
      'GET /sync/status',
      'POST /sync',
      'POST /sync/force',
    ]);
    for (const route of Object.values(routes)) expect(route.AuthorizationType).toBe('AWS_IAM');
  });

  it('It should send the POST routes to the sync API function and the GET routes to the read-only one', () => {
    // Prepare
    const template = templateFor(DEFAULT);
    const startFunction = logicalId(template, 'AWS::Lambda::Function', 'SyncApiFunction');
    const readFunction = logicalId(template, 'AWS::Lambda::Function', 'SyncReadApiFunction');

    // Act
    const targets = Object.fromEntries(Object.entries(routesOf(DEFAULT)).map(([key, route]) => [key, integrationTarget(DEFAULT, route)]));

    // Assess
    expect(targets).toEqual({
      'POST /sync': startFunction,
      'POST /sync/force': startFunction,
      'GET /sync/runs': readFunction,
      'GET /sync/runs/{runId}': readFunction,
      'GET /sync/runs/{runId}/changes': readFunction,
      'GET /sync/models/{modelId}/history': readFunction,
      'GET /sync/status': readFunction,
    });
  });

  it('It should require the read, start and force scopes per route in JWT mode', () => {
    // Prepare
    const authorizerId = logicalId(templateFor(JWT), 'AWS::ApiGatewayV2::Authorizer', 'Api');

    // Act
    const routes = routesOf(JWT);

    // Assess
    templateFor(JWT).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: 'https://issuer.example.com/pool', Audience: ['litemaas-admin', 'litemaas-ops'] },
    });
    const scopes = Object.fromEntries(Object.entries(routes).map(([key, route]) => [key, route.AuthorizationScopes]));
    expect(scopes).toEqual({
      'POST /sync': ['model-sync/start'],
      'POST /sync/force': ['model-sync/force'],
      'GET /sync/runs': ['model-sync/read'],
      'GET /sync/runs/{runId}': ['model-sync/read'],
      'GET /sync/runs/{runId}/changes': ['model-sync/read'],
      'GET /sync/models/{modelId}/history': ['model-sync/read'],
      'GET /sync/status': ['model-sync/read'],
    });
    for (const route of Object.values(routes)) expect(route).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
  });

  it('It should use scope names from context and pass them to both API functions', () => {
    // Prepare
    const context = { ...JWT, jwtScopeRead: 'sync.read', jwtScopeStart: 'sync.start', jwtScopeForce: 'sync.admin' };
    const expected = { JWT_SCOPE_READ: 'sync.read', JWT_SCOPE_START: 'sync.start', JWT_SCOPE_FORCE: 'sync.admin' };

    // Act
    const routes = routesOf(context);

    // Assess
    expect(routes['POST /sync/force']?.AuthorizationScopes).toEqual(['sync.admin']);
    expect(routes['GET /sync/status']?.AuthorizationScopes).toEqual(['sync.read']);
    expect(environmentOf(templateFor(context), 'SyncApiFunction')).toMatchObject(expected);
    expect(environmentOf(templateFor(context), 'SyncReadApiFunction')).toMatchObject(expected);
  });
});

describe('who may do what: the read-only function', () => {
  it('It should neither know nor be allowed to read the LiteLLM key', () => {
    // Prepare
    const template = templateFor(DEFAULT);
    const litellmSecret = JSON.stringify({ Ref: logicalId(template, 'AWS::SecretsManager::Secret', 'LitellmKey') });
    const roleId = logicalId(template, 'AWS::IAM::Role', 'SyncReadApiFunctionRole');

    // Act
    const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((policy) => JSON.stringify(policy.Properties?.Roles).includes(roleId));

    // Assess
    expect(policies.length).toBeGreaterThan(0);
    expect(JSON.stringify(policies)).not.toContain(litellmSecret);
    expect(environmentOf(template, 'SyncReadApiFunction')).not.toHaveProperty('LITELLM_API_KEY_SECRET_ARN');
  });
});

describe('who asked, as readers see it', () => {
  it('It should show callers in full only when the operator sets showCallerArns, on the read function only', () => {
    // Act
    const shown = templateFor({ ...DEFAULT, showCallerArns: 'true' });
    const hidden = templateFor(DEFAULT);

    // Assess
    expect(environmentOf(shown, 'SyncReadApiFunction')).toMatchObject({ SHOW_CALLER_ARNS: 'true' });
    expect(environmentOf(shown, 'SyncApiFunction')).not.toHaveProperty('SHOW_CALLER_ARNS');
    expect(environmentOf(hidden, 'SyncReadApiFunction')).not.toHaveProperty('SHOW_CALLER_ARNS');
  });
});
