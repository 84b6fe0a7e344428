import { describe, expect, it } from 'vitest';
import { callerOf } from '../../functions/commons/http/caller.js';
import { parseReadRequest } from '../../functions/commons/http/read-request.js';
import { shortCaller } from '../../lib/sync/reader-view.js';
import { readJwtScopes } from '../../functions/commons/http/scopes.js';
import { DEFAULT_JWT_SCOPES } from '../../lib/settings/deploy-names.js';
import { parseStartRequest } from '../../functions/commons/http/start-request.js';
import { HttpProblem } from '../../functions/commons/http/http-problem.js';
import { matchRoute } from '../../functions/commons/http/routes.js';
import { parseRunId, parseRunsLimit } from '../../functions/commons/http/run-queries.js';
import { parseSyncRequestBody } from '../../functions/commons/http/sync-request-body.js';
import { answerForResult } from '../../functions/commons/http/sync-status.js';
import type { SyncResult } from '../../lib/sync/types.js';
import { httpEvent, IAM_CALLER_ARN, JWT_SUBJECT } from './helpers/events.js';

function problemOf(action: () => unknown): { status: number; message: string } | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof HttpProblem) return { status: error.status, message: error.message };
    throw error;
  }
  return undefined;
}

const post = (body: string | undefined, contentType?: string) =>
  httpEvent({
    method: 'POST',
    routeKey: 'POST /sync',
    path: '/sync',
    ...(body === undefined ? {} : { body }),
    ...(contentType === undefined ? {} : { headers: { 'content-type': contentType } }),
  });

describe('parseSyncRequestBody', () => {
  it('It should give default options for a missing or empty body, whatever the content type', () => {
    expect(parseSyncRequestBody(post(undefined))).toEqual({});
    expect(parseSyncRequestBody(post('', 'text/plain'))).toEqual({});
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"'])(
    'It should accept content type %s',
    (contentType) => {
      expect(parseSyncRequestBody(post('{"force": false}', contentType))).toEqual({ force: false });
    },
  );

  it.each([undefined, 'text/plain', 'application/json; charset=latin1', 'application/jsonp'])(
    'It should refuse content type %s with 415 when a body is present',
    (contentType) => {
      expect(problemOf(() => parseSyncRequestBody(post('{}', contentType)))?.status).toBe(415);
    },
  );

  it('It should measure the limit on the decoded bytes: exactly 16 KiB passes the size check', () => {
    const padded = `{"force": true}${' '.repeat(16 * 1024 - 15)}`;
    expect(parseSyncRequestBody(post(padded, 'application/json'))).toEqual({ force: true });
    expect(problemOf(() => parseSyncRequestBody(post(`${padded} `, 'application/json')))?.status).toBe(413);
  });

  it('It should refuse null and a __proto__ field as 400', () => {
    expect(problemOf(() => parseSyncRequestBody(post('null', 'application/json')))?.status).toBe(400);
    const problem = problemOf(() => parseSyncRequestBody(post('{"__proto__": {"force": true}}', 'application/json')));
    expect(problem?.status).toBe(400);
    expect(problem?.message).toContain('Unknown field "__proto__"');
  });
});

describe('parseRunsLimit and parseRunId', () => {
  it('It should default the limit to 20 and accept 1 and 100', () => {
    const runs = (limit?: string) =>
      httpEvent({ method: 'GET', routeKey: 'GET /sync/runs', path: '/sync/runs', ...(limit === undefined ? {} : { query: { limit } }) });
    expect(parseRunsLimit(runs())).toBe(20);
    expect(parseRunsLimit(runs('1'))).toBe(1);
    expect(parseRunsLimit(runs('100'))).toBe(100);
    expect(problemOf(() => parseRunsLimit(runs('')))?.status).toBe(400);
  });

  it('It should normalise a UUID to lower case and refuse anything else', () => {
    expect(parseRunId('0D4F4A8E-5B8C-4A57-9F43-1A2B3C4D5E6F')).toBe('0d4f4a8e-5b8c-4a57-9f43-1a2b3c4d5e6f');
    expect(problemOf(() => parseRunId(undefined))?.status).toBe(400);
    expect(problemOf(() => parseRunId("1' OR '1'='1"))?.status).toBe(400);
  });
});

describe('matchRoute', () => {
  it('It should route only the route keys the stack creates, and nothing under a catch-all', () => {
    const route = (method: 'GET' | 'POST' | 'PUT', routeKey: string, path: string) => matchRoute(httpEvent({ method, routeKey, path }));
    expect(route('POST', 'POST /sync', '/sync')).toEqual({ name: 'start-sync' });
    expect(route('POST', 'POST /sync/force', '/sync/force')).toEqual({ name: 'force-sync' });
    expect(route('GET', 'GET /sync/runs', '/sync/runs')).toEqual({ name: 'list-runs' });
    // The stack creates no $default route; one that reached the function anyway is not guessed at.
    expect(route('POST', '$default', '/sync')).toBeUndefined();
    expect(route('POST', '$default', '/not-sync/sync')).toBeUndefined();
    expect(route('GET', '$default', '/sync/runs')).toBeUndefined();
  });
});

describe('parseStartRequest and parseReadRequest', () => {
  const post = (body: string, authorizer: 'iam' | 'none' = 'iam') =>
    httpEvent({ method: 'POST', routeKey: 'POST /sync', path: '/sync', body, headers: { 'content-type': 'application/json' }, authorizer });

  it('It should check the identity first, then the route, then the input', () => {
    expect(problemOf(() => parseStartRequest(post('not json', 'none'), DEFAULT_JWT_SCOPES))?.status).toBe(403);
    expect(problemOf(() => parseStartRequest(httpEvent({ method: 'PUT', routeKey: '$default', path: '/sync' }), DEFAULT_JWT_SCOPES))?.status).toBe(404);
    expect(problemOf(() => parseStartRequest(post('not json'), DEFAULT_JWT_SCOPES))?.status).toBe(400);
  });

  it('It should return what each route needs, with the caller', () => {
    expect(parseStartRequest(post('{"dryRun": true}'), DEFAULT_JWT_SCOPES)).toEqual({ requestedBy: IAM_CALLER_ARN, options: { dryRun: true } });
    const forced = httpEvent({ method: 'POST', routeKey: 'POST /sync/force', path: '/sync/force' });
    expect(parseStartRequest(forced, DEFAULT_JWT_SCOPES)).toEqual({ requestedBy: IAM_CALLER_ARN, options: { force: true } });
    const runs = httpEvent({ method: 'GET', routeKey: 'GET /sync/runs', path: '/sync/runs', query: { limit: '5' } });
    expect(parseReadRequest(runs, DEFAULT_JWT_SCOPES)).toEqual({ action: 'list-runs', limit: 5 });
  });

  it('It should check the scopes the environment names instead of the defaults', () => {
    // Prepare
    const scopes = readJwtScopes({ JWT_SCOPE_READ: 'sync:read', JWT_SCOPE_START: 'sync:start', JWT_SCOPE_FORCE: 'sync:force' });
    const start = (jwtScopes: string[]) =>
      httpEvent({ method: 'POST', routeKey: 'POST /sync', path: '/sync', authorizer: { jwtScopes } });

    // Act
    const withDefaults = problemOf(() => parseStartRequest(start(['model-sync/start']), scopes));
    const withNamed = problemOf(() => parseStartRequest(start(['sync:start']), scopes));

    // Assess
    expect(scopes).toEqual({ read: 'sync:read', start: 'sync:start', force: 'sync:force' });
    expect(withDefaults?.status).toBe(403);
    expect(withNamed).toBeUndefined();
    expect(readJwtScopes({})).toEqual(DEFAULT_JWT_SCOPES);
  });
});

describe('callerOf', () => {
  it('It should take the IAM user ARN, the JWT sub and scopes, or the LiteMaaS admin, and refuse anything else with 403', () => {
    const event = (authorizer: 'iam' | 'jwt' | 'none') => httpEvent({ method: 'POST', routeKey: 'POST /sync', path: '/sync', authorizer });
    expect(callerOf(event('iam'))).toEqual({ mode: 'iam', id: IAM_CALLER_ARN });
    expect(callerOf(event('jwt'))).toEqual({ mode: 'jwt', id: JWT_SUBJECT, scopes: new Set(['model-sync/read', 'model-sync/start']) });
    expect(problemOf(() => callerOf(event('none')))?.status).toBe(403);
    const lambdaAuthorizer = event('none');
    (lambdaAuthorizer.requestContext as unknown as { authorizer: unknown }).authorizer = { lambda: { user: 'x' } };
    expect(problemOf(() => callerOf(lambdaAuthorizer))?.status).toBe(403);
    const litemaasAdmin = event('none');
    (litemaasAdmin.requestContext as unknown as { authorizer: unknown }).authorizer = { lambda: { requestedBy: 'litemaas:42' } };
    expect(callerOf(litemaasAdmin)).toEqual({ mode: 'litemaas', id: 'litemaas:42' });
  });
});

describe('shortCaller', () => {
  it.each([
    ['arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice', 'PlatformAdmin/alice'],
    ['arn:aws:iam::123456789012:user/ops/bob', 'user/ops/bob'],
    ['arn:aws:iam::123456789012:root', 'root'],
    ['7f9d2a4e-0b1c-4e0a-9c55-2f1d3b6a8e21', '7f9d2a4e-0b1c-4e0a-9c55-2f1d3b6a8e21'],
  ])('It should show %s as %s', (requestedBy, shown) => {
    expect(shortCaller(requestedBy)).toBe(shown);
  });
});

describe('answerForResult', () => {
  const result = (fields: Partial<SyncResult>): SyncResult =>
    ({ success: false, skipped: false, errors: [], ...fields }) as SyncResult;

  it('It should map each outcome to its status', () => {
    expect(answerForResult(result({ success: true })).status).toBe(200);
    expect(answerForResult(result({ success: false, errors: ['entry 3 has no model_name'] })).status).toBe(502);
    expect(answerForResult(result({ skipped: true, failureReason: 'busy' })).status).toBe(409);
    expect(answerForResult(result({ failureReason: 'guard' })).status).toBe(422);
    expect(answerForResult(result({ failureReason: 'litellm' })).status).toBe(502);
    expect(answerForResult(result({ failureReason: 'database-resuming', retryAfterSeconds: 20 }))).toEqual({
      status: 503,
      headers: { 'retry-after': '20' },
      showResult: true,
    });
    for (const reason of ['database', 'config', 'internal'] as const) {
      expect(answerForResult(result({ failureReason: reason }))).toMatchObject({ status: 500, showResult: false });
    }
  });
});
