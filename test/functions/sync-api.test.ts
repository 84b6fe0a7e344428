import { AccessDeniedException, DatabaseResumingException } from '@aws-sdk/client-rds-data';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { openApiProblems } from '../support/openapi.js';
import { httpEvent, IAM_CALLER_ARN, JWT_SUBJECT, postForce, postSync } from '../support/lambda-events.js';
import { holdSyncLock } from '../support/sync-lock.js';
import { loadHandler, useFunctionHarness } from '../support/function-harness.js';
import type { ApiHandler } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

// A resume budget of 0 answers "still resuming" at once instead of after the production 6 s.
const harness = useFunctionHarness({ secretString: JSON.stringify({ apiKey: 'sk-api-key' }), env: { DB_RESUME_BUDGET_MS: '0' }, migrate: true });
let handler: ApiHandler;
beforeAll(async () => {
  handler = await loadHandler<ApiHandler>('sync-api');
});

async function call(event: APIGatewayProxyEventV2): Promise<{
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  requestId: string;
}> {
  const response = await handler(event, lambdaContext('model-sync-api', 28_000));
  // Every answer these tests get must match docs/openapi.yaml: the document cannot drift.
  expect(openApiProblems(event.routeKey, response)).toEqual([]);
  return {
    status: response.statusCode ?? 0,
    headers: (response.headers ?? {}) as Record<string, string>,
    body: JSON.parse(response.body ?? 'null') as Record<string, unknown>,
    requestId: event.requestContext.requestId,
  };
}

/** The `{"message", "requestId"}` body of an answer that is not a sync outcome. */
function expectErrorBody(response: { body: Record<string, unknown>; requestId: string }, message: string | RegExp): void {
  expect(Object.keys(response.body).sort()).toEqual(['message', 'requestId']);
  expect(response.body.requestId).toBe(response.requestId);
  expect(String(response.body.message)).toMatch(message);
}

const resuming = (): Error => new DatabaseResumingException({ message: 'The database is resuming', $metadata: {} });

describe('POST /sync', () => {
  it('It should answer 200 with the full result and record the IAM caller as requestedBy', async () => {
    // Prepare: an empty catalog, whatever ran before
    await harness.emptyTables();

    // Act
    const response = await call(postSync());

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toMatchObject({ success: true, trigger: 'manual', totalModels: 4, newModels: 4, errors: [] });
    expect(response.body.runId).toEqual(expect.any(String));
    expect(harness.litellm.requests.at(-1)?.authorization).toBe('Bearer sk-api-key');
    expect((await harness.recordedRuns()).at(-1)).toMatchObject({ id: response.body.runId, requested_by: IAM_CALLER_ARN });
  });

  it('It should record the JWT subject as requestedBy and pass the options on', async () => {
    // Prepare: the four models available, whatever ran before
    await call(postSync());

    // Act
    const response = await call(postSync({ dryRun: true, forceUpdate: true }, 'jwt'));
    const recorded = await call(postSync({ forceUpdate: true }, 'jwt'));

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ dryRun: true, updatedModels: 4 });
    expect(response.body.runId).toBeUndefined();
    expect(recorded.status).toBe(200);
    expect((await harness.recordedRuns()).at(-1)).toMatchObject({ id: recorded.body.runId, requested_by: JWT_SUBJECT });
  });

  it('It should accept a base64-encoded body with a charset', async () => {
    // Prepare
    const event = httpEvent({
      method: 'POST',
      routeKey: 'POST /sync',
      path: '/sync',
      body: Buffer.from('{"markUnavailable": false}').toString('base64'),
      isBase64Encoded: true,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
    });

    // Act
    const response = await call(event);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ success: true, unavailableModels: 0 });
  });

  it('It should answer 409 with the result when another sync is running', async () => {
    // Prepare
    const lock = await holdSyncLock(harness.postgres.client);

    // Act: the lock is released whatever happens (a block, as `.finally` would be handed a promise).
    let response: Awaited<ReturnType<typeof call>>;
    try {
      response = await call(postSync());
    } finally {
      await lock.release();
    }

    // Assess
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ skipped: true, failureReason: 'busy' });
    expect(typeof response.body.runId).toBe('string');
  });

  it('It should answer 422 when the guard refuses, and 200 when the caller forces through POST /sync/force', async () => {
    // Prepare: the four models available; then LiteLLM suddenly lists one of them.
    await call(postSync());
    const basic = readFixture('model-info-basic.json');
    harness.litellm.answer({ body: { data: basic.data.slice(0, 1) } });
    const before = await harness.models();

    // Act
    const refused = await call(postSync());
    const afterRefusal = await harness.models();
    const forced = await call(postForce());

    // Assess
    expect(refused.status).toBe(422);
    expect(before.filter((row) => row.availability === 'available').length).toBeGreaterThanOrEqual(4);
    expect(afterRefusal).toEqual(before);
    expect(refused.body).toMatchObject({ success: false, failureReason: 'guard', unavailableModels: 0 });
    expect(String((refused.body.errors as string[])[0])).toContain('POST /sync/force');
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ success: true, unavailableModels: 3 });
    expect((await harness.recordedRuns()).at(-1)).toMatchObject({ id: forced.body.runId, requested_by: IAM_CALLER_ARN });
  });

  it.each([
    ['an empty catalog', { body: { data: [] } }],
    ['"LLM Model List not loaded in"', { status: 500, body: { detail: { error: 'LLM Model List not loaded in.' } } }],
  ])('It should answer 422 and retire nothing for %s, even through POST /sync/force', async (_case, answer) => {
    // Prepare: all four models available.
    await call(postSync());
    const before = await harness.models();
    harness.litellm.answer(answer);

    // Act
    const forced = await call(postForce());

    // Assess
    expect(forced.status).toBe(422);
    expect(forced.body).toMatchObject({ success: false, failureReason: 'guard', unavailableModels: 0 });
    expect(await harness.models()).toEqual(before);
  });

  it('It should answer 502 when LiteLLM fails', async () => {
    // Prepare
    harness.litellm.answer({ status: 401, body: { error: { message: 'Authentication Error' } } });
    const before = await harness.models();

    // Act
    const response = await call(postSync());

    // Assess
    expect(response.status).toBe(502);
    expect(await harness.models()).toEqual(before);
    expect(response.body).toMatchObject({ success: false, failureReason: 'litellm' });
    expect(typeof response.body.runId).toBe('string');
  });

  it('It should answer 502, not 200, when some LiteLLM entries could not be synced', async () => {
    // Prepare: the valid entries are committed, the unusable one is reported
    const basic = readFixture('model-info-basic.json');
    harness.litellm.answer({ body: { data: [...basic.data, { model_name: '' }] } });

    // Act
    const response = await call(postSync());

    // Assess
    expect(response.status).toBe(502);
    expect(response.body).toMatchObject({ success: false, totalModels: 4 });
    expect(response.body.errors).toEqual([expect.stringMatching(/empty model_name/)]);
    expect(response.body).not.toHaveProperty('failureReason');
  });

  it('It should answer 503 with Retry-After when the database is still resuming', async () => {
    // Prepare
    harness.dataApi.injectFault({ error: resuming });

    // Act
    const response = await call(postSync());

    // Assess
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('15');
    expect(response.body).toMatchObject({ success: false, failureReason: 'database-resuming', retryAfterSeconds: 15 });
  });

  it('It should answer 500 with a generic message and the request id, and log the details', async () => {
    // Prepare
    harness.dataApi.injectFault({
      error: () => new AccessDeniedException({ message: 'User is not authorized to perform rds-data:ExecuteStatement', $metadata: {} }),
    });

    // Act
    const response = await call(postSync());

    // Assess
    expect(response.status).toBe(500);
    expect(Object.keys(response.body).sort()).toEqual(['message', 'requestId']);
    expect(response.body.requestId).toBe(response.requestId);
    expect(JSON.stringify(response.body)).not.toMatch(/rds-data|Data API/);
    const logged = harness.output.records().find((record) => record.message === 'Model sync failed');
    expect(JSON.stringify(logged)).toContain('The Data API refused access');
    expect(logged).toMatchObject({ apiRequestId: response.requestId });
  });

  it.each([
    ['not JSON', '{"force": tru', /not valid JSON/],
    ['an array', '[true]', /must be a JSON object/],
    ['a JSON string', '"force"', /must be a JSON object/],
    ['an unknown field', '{"force": true, "purge": true}', /Unknown field "purge"/],
    ['a wrong type', '{"dryRun": "yes"}', /Field "dryRun" must be true or false/],
  ])('It should answer 400 naming the problem for a body that is %s', async (_case, body, message) => {
    // Prepare
    const event = httpEvent({ method: 'POST', routeKey: 'POST /sync', path: '/sync', body, headers: { 'content-type': 'application/json' } });
    const requestsBefore = harness.litellm.requests.length;

    // Act
    const response = await call(event);

    // Assess
    expect(response.status).toBe(400);
    expectErrorBody(response, message);
    expect(harness.litellm.requests.length).toBe(requestsBefore);
  });

  it('It should answer 415 for a body that is not application/json', async () => {
    // Act
    const response = await call(
      httpEvent({ method: 'POST', routeKey: 'POST /sync', path: '/sync', body: 'force=true', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    );

    // Assess
    expect(response.status).toBe(415);
    expectErrorBody(response, 'application/json');
  });

  it('It should answer 413 for a body over 16 KiB', async () => {
    // Act
    const response = await call(
      httpEvent({
        method: 'POST',
        routeKey: 'POST /sync',
        path: '/sync',
        body: JSON.stringify({ force: true, padding: 'x'.repeat(16 * 1024) }),
        headers: { 'content-type': 'application/json' },
      }),
    );

    // Assess
    expect(response.status).toBe(413);
    expectErrorBody(response, '16384');
  });

  it('It should answer 404 for a read route, which the read-only function serves', async () => {
    // Act
    const response = await call(httpEvent({ method: 'GET', routeKey: 'GET /sync/runs', path: '/sync/runs' }));

    // Assess
    expect(response.status).toBe(404);
    expectErrorBody(response, 'POST /sync');
  });

  it('It should answer 403 when the request carries no authorizer context', async () => {
    // Prepare
    const requestsBefore = harness.litellm.requests.length;

    // Act
    const response = await call(postSync(undefined, 'none'));

    // Assess
    expect(response.status).toBe(403);
    expectErrorBody(response, 'authorized caller');
    expect(harness.litellm.requests.length).toBe(requestsBefore);
  });
});

describe('who may start and force a sync', () => {
  /** Sends a request that must be refused, and proves it started nothing. */
  async function refused(event: APIGatewayProxyEventV2): Promise<Awaited<ReturnType<typeof call>>> {
    const litellmCallsBefore = harness.litellm.requests.length;
    const runsBefore = (await harness.recordedRuns()).length;
    const modelsBefore = await harness.models();
    const response = await call(event);
    expect(harness.litellm.requests.length).toBe(litellmCallsBefore);
    expect(await harness.recordedRuns()).toHaveLength(runsBefore);
    expect(await harness.models()).toEqual(modelsBefore);
    return response;
  }

  it('It should refuse "force": true on POST /sync in IAM mode with 403, pointing to POST /sync/force', async () => {
    // Act
    const response = await refused(postSync({ force: true }));

    // Assess
    expect(response.status).toBe(403);
    expectErrorBody(response, /POST \/sync\/force/);
  });

  it('It should refuse "force": true on POST /sync with 403 when the token lacks the force scope', async () => {
    // Act
    const response = await refused(postSync({ force: true }, { jwtScopes: ['model-sync/start'] }));

    // Assess
    expect(response.status).toBe(403);
    expectErrorBody(response, '"model-sync/force" scope');
  });

  it('It should refuse POST /sync with 403 when the token lacks the start scope', async () => {
    // Act
    const response = await refused(postSync(undefined, { jwtScopes: ['model-sync/read'] }));

    // Assess
    expect(response.status).toBe(403);
    expectErrorBody(response, '"model-sync/start" scope');
  });

  it('It should refuse POST /sync/force with 403 when the token lacks the force scope', async () => {
    // Act
    const response = await refused(postForce(undefined, 'jwt'));

    // Assess
    expect(response.status).toBe(403);
    expectErrorBody(response, '"model-sync/force" scope');
  });

  it('It should refuse "force": false on POST /sync/force with 400', async () => {
    // Act
    const response = await refused(postForce({ force: false }));

    // Assess
    expect(response.status).toBe(400);
    expectErrorBody(response, 'always forces');
  });

  it('It should force through POST /sync with "force": true when the token carries the force scope (claim or list)', async () => {
    // Prepare: all four models available, then LiteLLM lists one, so the guard refuses without force.
    await call(postSync());
    const basic = readFixture('model-info-basic.json');
    harness.litellm.answer({ body: { data: basic.data.slice(0, 1) } });
    expect((await call(postSync(undefined, 'jwt'))).status).toBe(422);
    const scopeClaimOnly = postSync({ force: true, dryRun: true }, { jwtScopes: [] });
    const authorizer = scopeClaimOnly.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, unknown> } } };
    authorizer.authorizer.jwt.claims.scope = 'model-sync/start model-sync/force';

    // Act
    const fromClaim = await call(scopeClaimOnly);
    const fromList = await call(postSync({ force: true }, { jwtScopes: ['model-sync/start', 'model-sync/force'] }));

    // Assess
    expect(fromClaim.status).toBe(200);
    expect(fromList.status).toBe(200);
    expect(fromList.body).toMatchObject({ success: true, unavailableModels: 3 });
    expect((await harness.recordedRuns()).at(-1)).toMatchObject({ id: fromList.body.runId, requested_by: JWT_SUBJECT });
  });
});
