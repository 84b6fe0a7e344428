import { createHmac } from 'node:crypto';
import { clearCaches } from '@aws-lambda-powertools/parameters';
import { GetSecretValueCommand, InternalServiceError, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callerOf } from '../../functions/commons/http/caller.js';
import { CLOCK_SKEW_SECONDS, verifyLitemaasToken } from '../../functions/commons/secrets/litemaas-token.js';
import { createLitemaasAuthorizer, JWT_SECRET_CACHE_SECONDS } from '../../functions/litemaas-authorizer.js';
import { httpEvent } from './helpers/events.js';
import { lambdaContext } from './helpers/lambda-context.js';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-jwt-AbCdEf';
const JWT_SECRET = 'litemaas-jwt-secret-0123456789abcdef0123456789abcdef';
const ADMIN_ID = '5a0e6c1d-2b7f-4c3e-9d8a-1f2e3d4c5b6a';
const NOW_SECONDS = 1_795_687_200; // 2026-11-26T10:00:00Z

const secrets = mockClient(SecretsManagerClient);

const base64url = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A token signed the way LiteMaaS's @fastify/jwt signs it: HS256 over `header.payload`. */
function signToken(payload: Record<string, unknown>, options: { secret?: string; header?: Record<string, unknown> } = {}): string {
  const signingInput = `${base64url(options.header ?? { alg: 'HS256', typ: 'JWT' })}.${base64url(payload)}`;
  const signature = createHmac('sha256', options.secret ?? JWT_SECRET).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** The claims of a LiteMaaS access token (backend/src/services/token.service.ts), valid for 24 h. */
function claims(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    userId: ADMIN_ID,
    username: 'alice',
    email: 'alice@example.com',
    roles: ['admin', 'user'],
    iat: NOW_SECONDS - 60,
    exp: NOW_SECONDS + 24 * 3600,
    ...fields,
  };
}

/** The event API Gateway sends a REQUEST authorizer (payload 2.0) for `POST /sync`. */
function authorizerEvent(authorization?: string): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/$default/POST/sync',
    identitySource: authorization === undefined ? [] : [authorization],
    routeKey: 'POST /sync',
    rawPath: '/sync',
    rawQueryString: '',
    cookies: [],
    headers: authorization === undefined ? {} : { authorization },
    requestContext: httpEvent({ method: 'POST', routeKey: 'POST /sync', path: '/sync', authorizer: 'none' }).requestContext,
  };
}

function newAuthorizer() {
  const authorize = createLitemaasAuthorizer({ secretArn: SECRET_ARN });
  return (authorization?: string) => authorize(authorizerEvent(authorization), lambdaContext('litemaas-authorizer', 5_000));
}

const secretReads = (): number => secrets.commandCalls(GetSecretValueCommand).length;

beforeEach(() => {
  // The tokens' times and the secret cache's expiry both follow this clock; each test starts uncached.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW_SECONDS * 1000);
  clearCaches();
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: JWT_SECRET });
});
afterEach(() => {
  secrets.reset();
  vi.useRealTimers();
});

describe('the LiteMaaS token authorizer', () => {
  it('It should let a LiteMaaS admin through and name the caller for requested_by', async () => {
    // Prepare
    const authorize = newAuthorizer();

    // Act
    const result = await authorize(`Bearer ${signToken(claims())}`);

    // Assess
    expect(result).toEqual({ isAuthorized: true, context: { requestedBy: `litemaas:${ADMIN_ID}`, userId: ADMIN_ID, username: 'alice' } });
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: SECRET_ARN });
  });

  it('It should read the secret as JSON with a JWT_SECRET field too', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ JWT_SECRET }) });

    // Act
    const result = await newAuthorizer()(`Bearer ${signToken(claims())}`);

    // Assess
    expect(result.isAuthorized).toBe(true);
  });

  it.each([
    ['a user', ['user']],
    ['a read-only admin', ['adminReadonly', 'user']],
    ['no roles', undefined],
    ['roles that are not a list', 'admin'],
  ])('It should refuse %s', async (_name, roles) => {
    expect(await newAuthorizer()(`Bearer ${signToken(claims({ roles }))}`)).toEqual({ isAuthorized: false });
  });

  it('It should refuse a token signed with another secret', async () => {
    expect(await newAuthorizer()(`Bearer ${signToken(claims(), { secret: 'another-secret' })}`)).toEqual({ isAuthorized: false });
  });

  it('It should refuse an expired token, a token without expiry and a token not yet valid', async () => {
    // Prepare
    const authorize = newAuthorizer();

    // Act
    const answers = [
      await authorize(`Bearer ${signToken(claims({ exp: NOW_SECONDS - CLOCK_SKEW_SECONDS }))}`),
      await authorize(`Bearer ${signToken(claims({ exp: undefined }))}`),
      await authorize(`Bearer ${signToken(claims({ exp: String(NOW_SECONDS + 3600) }))}`),
      await authorize(`Bearer ${signToken(claims({ nbf: NOW_SECONDS + 600 }))}`),
    ];

    // Assess
    expect(answers.map((answer) => answer.isAuthorized)).toEqual([false, false, false, false]);
  });

  it('It should accept a token within the clock skew of its expiry', async () => {
    expect((await newAuthorizer()(`Bearer ${signToken(claims({ exp: NOW_SECONDS - CLOCK_SKEW_SECONDS + 1 }))}`)).isAuthorized).toBe(true);
  });

  it('It should refuse the algorithms it does not verify: none, RS256 and HS512', async () => {
    // Prepare: "none" with no signature, and others HMAC-signed with the shared secret (algorithm confusion)
    const payload = base64url(claims());
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    const authorize = newAuthorizer();

    // Act
    const answers = [
      await authorize(`Bearer ${unsigned}`),
      await authorize(`Bearer ${signToken(claims(), { header: { alg: 'none' } })}`),
      await authorize(`Bearer ${signToken(claims(), { header: { alg: 'RS256', typ: 'JWT' } })}`),
      await authorize(`Bearer ${signToken(claims(), { header: { alg: 'HS512', typ: 'JWT' } })}`),
      await authorize(`Bearer ${signToken(claims(), { header: { alg: 'HS256', crit: ['b64'], b64: false } })}`),
    ];

    // Assess
    expect(answers.map((answer) => answer.isAuthorized)).toEqual([false, false, false, false, false]);
  });

  it('It should refuse malformed tokens and headers, LiteMaaS API keys included', async () => {
    // Prepare
    const token = signToken(claims());
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const authorize = newAuthorizer();

    // Act
    const answers = await Promise.all(
      [
        token, // no "Bearer"
        `Basic ${token}`,
        'Bearer ',
        `Bearer ${header}.${payload}`,
        `Bearer ${token}.extra`,
        `Bearer ${base64url('not json')}.${payload}.${signature}`,
        `Bearer ${header}.${payload}.${signature.slice(0, -2)}`,
        `Bearer ${header}.${payload}+.${signature}`,
        'Bearer ltm_admin_0123456789abcdef',
        'Bearer sk-0123456789abcdef',
      ].map((authorization) => authorize(authorization)),
    );

    // Assess
    expect(answers.every((answer) => !answer.isAuthorized)).toBe(true);
  });

  it('It should refuse a payload that is not an object even when it is signed', () => {
    // Prepare
    const signingInput = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url([1, 2])}`;
    const signature = createHmac('sha256', JWT_SECRET).update(signingInput).digest('base64url');

    // Act
    const verdict = verifyLitemaasToken(`${signingInput}.${signature}`, JWT_SECRET, NOW_SECONDS);

    // Assess
    expect(verdict).toEqual({ accepted: false, reason: 'malformed' });
  });

  it('It should refuse a request without a token before reading the secret', async () => {
    // Act
    const result = await newAuthorizer()();

    // Assess
    expect(result).toEqual({ isAuthorized: false });
    expect(secretReads()).toBe(0);
  });

  it('It should read the secret once, and again when the cache has expired', async () => {
    // Prepare
    const authorize = newAuthorizer();
    const token = `Bearer ${signToken(claims())}`;

    // Act
    // One request at a time, as a Lambda container serves them.
    await authorize(token);
    await authorize(token);
    const readsWhileCached = secretReads();
    vi.setSystemTime(Date.now() + JWT_SECRET_CACHE_SECONDS * 1000 + 1);
    await authorize(token);

    // Assess
    expect(readsWhileCached).toBe(1);
    expect(secretReads()).toBe(2);
  });

  it('It should fail (500), not refuse, while Secrets Manager is down, and try again on the next request', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand, { SecretId: SECRET_ARN })
      .rejectsOnce(new InternalServiceError({ message: 'Secrets Manager is unavailable', $metadata: {} }))
      .resolves({ SecretString: JWT_SECRET });
    const authorize = newAuthorizer();
    const token = `Bearer ${signToken(claims())}`;

    // Act
    const failed = authorize(token);

    // Assess
    await expect(failed).rejects.toThrow('Secrets Manager is unavailable');
    expect((await authorize(token)).isAuthorized).toBe(true);
  });

  it('It should fail with a message naming the setting when the secret holds no JWT_SECRET', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"jwtSecret": "x"}' });

    // Act
    const failed = newAuthorizer()(`Bearer ${signToken(claims())}`);

    // Assess
    await expect(failed).rejects.toThrow(/LITEMAAS_JWT_SECRET_ARN must hold LiteMaaS's JWT_SECRET/);
  });

  it('It should fail with a message naming the variable when the secret ARN is not set', async () => {
    // Prepare
    const authorize = createLitemaasAuthorizer({ secretArn: undefined });

    // Act
    const failed = authorize(authorizerEvent(`Bearer ${signToken(claims())}`), lambdaContext('litemaas-authorizer'));

    // Assess
    await expect(failed).rejects.toThrow('LITEMAAS_JWT_SECRET_ARN is not set');
  });
});

describe('the API behind the LiteMaaS token authorizer', () => {
  it("It should record the authorizer's requestedBy as the caller", () => {
    // Prepare: the context API Gateway passes on from a simple authorizer response
    const event = httpEvent({ method: 'POST', routeKey: 'POST /sync', path: '/sync', authorizer: 'none' });
    (event.requestContext as unknown as { authorizer: unknown }).authorizer = {
      lambda: { requestedBy: `litemaas:${ADMIN_ID}`, userId: ADMIN_ID, username: 'alice' },
    };

    // Act
    const caller = callerOf(event);

    // Assess
    expect(caller).toEqual({ mode: 'litemaas', id: `litemaas:${ADMIN_ID}` });
  });
});
