import { AccessDeniedException, DatabaseResumingException } from '@aws-sdk/client-rds-data';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { getRun, getRuns, httpEvent, IAM_CALLER_ARN, JWT_SUBJECT, postSync } from '../support/lambda-events.js';
import { loadHandler, loadReadApi, useFunctionHarness } from '../support/function-harness.js';
import type { ApiHandler } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

// A resume budget of 0 answers "still resuming" at once instead of after the production 6 s.
const harness = useFunctionHarness({ secretString: 'sk-read-key', env: { DB_RESUME_BUDGET_MS: '0' }, migrate: true });
let startApi: ApiHandler;
let readApi: ApiHandler;
beforeAll(async () => {
  startApi = await loadHandler<ApiHandler>('sync-api');
  readApi = await loadReadApi();
});

async function call(handler: ApiHandler, event: APIGatewayProxyEventV2): Promise<{
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  requestId: string;
}> {
  const response = await handler(event, lambdaContext('model-sync-read-api', 28_000));
  return {
    status: response.statusCode ?? 0,
    headers: (response.headers ?? {}) as Record<string, string>,
    body: JSON.parse(response.body ?? 'null') as Record<string, unknown>,
    requestId: event.requestContext.requestId,
  };
}

const read = (event: APIGatewayProxyEventV2): ReturnType<typeof call> => call(readApi, event);
const start = (event: APIGatewayProxyEventV2): ReturnType<typeof call> => call(startApi, event);

describe('GET /sync/runs', () => {
  it('It should list recorded runs newest first, 20 by default, without reading the LiteLLM key', async () => {
    // Prepare: more than 20 runs, so that the default limit shows
    for (let index = 0; index < 20; index += 1) await start(postSync());
    const first = await start(postSync());
    const second = await start(postSync(undefined, 'jwt'));
    const secretReads = harness.secrets.commandCalls(GetSecretValueCommand).length;

    // Act
    const all = await read(getRuns());
    const one = await read(getRuns({ limit: '1' }));

    // Assess
    expect(all.status).toBe(200);
    const runs = all.body.runs as Record<string, unknown>[];
    expect(runs).toHaveLength(20);
    expect(runs.slice(0, 2).map((run) => run.runId)).toEqual([second.body.runId, first.body.runId]);
    expect(runs[0]).toMatchObject({ trigger: 'manual', requestedBy: JWT_SUBJECT, status: 'succeeded' });
    expect(one.body.runs).toHaveLength(1);
    expect(harness.secrets.commandCalls(GetSecretValueCommand)).toHaveLength(secretReads);
  });

  it.each(['0', '101', '2.5', 'ten', '-1', '5,6'])('It should answer 400 for limit=%s', async (limit) => {
    // Act
    const response = await read(getRuns({ limit }));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ message: 'limit must be an integer from 1 to 100.', requestId: response.requestId });
  });

  it('It should answer 503 with Retry-After when the database is still resuming', async () => {
    // Prepare
    harness.dataApi.injectFault({ error: () => new DatabaseResumingException({ message: 'resuming', $metadata: {} }) });

    // Act
    const response = await read(getRuns());

    // Assess
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('15');
    expect(String(response.body.message)).toMatch(/resuming/);
  });

  it('It should answer 403 when the token lacks the read scope, and 404 for a write route', async () => {
    // Act
    const unscoped = await read(getRuns(undefined, { jwtScopes: ['model-sync/start'] }));
    const writeRoute = await read(postSync());

    // Assess
    expect(unscoped.status).toBe(403);
    expect(String(unscoped.body.message)).toContain('"model-sync/read" scope');
    expect(writeRoute.status).toBe(404);
  });
});

describe('GET /sync/runs/{runId}', () => {
  it('It should answer the recorded run', async () => {
    // Prepare
    const started = await start(postSync());

    // Act
    const response = await read(getRun(String(started.body.runId)));

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ runId: started.body.runId, trigger: 'manual', status: 'succeeded' });
  });

  it('It should answer 404 for an unknown run and 400 for an id that is not a UUID', async () => {
    // Act
    const unknown = await read(getRun('0d4f4a8e-5b8c-4a57-9f43-1a2b3c4d5e6f'));
    const malformed = await read(getRun('not-a-uuid'));

    // Assess
    expect(unknown.status).toBe(404);
    expect(String(unknown.body.message)).toContain('0d4f4a8e');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ message: 'runId must be a UUID.', requestId: malformed.requestId });
  });

  it('It should answer 404 for a route the API does not serve', async () => {
    // Act
    const response = await read(httpEvent({ method: 'PUT', routeKey: '$default', path: '/sync/runs' }));

    // Assess
    expect(response.status).toBe(404);
    expect(String(response.body.message)).toContain('No such route');
  });
});

describe('what readers see of the run history', () => {
  it('It should show an IAM caller as role and session, without the account id', async () => {
    // Prepare
    const started = await start(postSync());

    // Act
    const response = await read(getRun(String(started.body.runId)));

    // Assess: the record keeps the full ARN for operators.
    expect(response.body.requestedBy).toBe('PlatformAdmin/alice');
    expect(JSON.stringify(response.body)).not.toContain('123456789012');
    expect((await harness.recordedRuns()).at(-1)).toMatchObject({ id: started.body.runId, requested_by: IAM_CALLER_ARN });
  });

  it('It should show full ARNs when SHOW_CALLER_ARNS=true', async () => {
    // Prepare
    const started = await start(postSync());
    process.env.SHOW_CALLER_ARNS = 'true';
    const showingArns = await loadReadApi();
    delete process.env.SHOW_CALLER_ARNS;

    // Act
    const response = await call(showingArns, getRun(String(started.body.runId)));

    // Assess
    expect(response.body.requestedBy).toBe(IAM_CALLER_ARN);
  });

  it("It should show the events error and LiteLLM's error text without ARNs, account ids, internal URLs, hosts or keys", async () => {
    // Prepare: a run whose events could not be published and whose LiteLLM text names internals
    const started = await start(postSync());
    const runId = String(started.body.runId);
    const eventsError =
      '4 of 4 change events were not published to bus: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/SyncRole/fn is not authorized to perform: events:PutEvents';
    const litellmError = 'LiteLLM answered HTTP 502: upstream http://10.0.3.7:8000/v1 (litellm-db.internal) refused key sk-proj-abc123.';
    await harness.postgres.client.query(
      `UPDATE model_sync_runs SET events_error = $2, status = 'failed', failure_reason = 'litellm', errors = jsonb_build_array($3::text) WHERE id = $1`,
      [runId, eventsError, litellmError],
    );

    // Act
    const one = await read(getRun(runId));
    const listed = ((await read(getRuns({ limit: '1' }))).body.runs as Record<string, unknown>[])[0];

    // Assess: readers see what they can act on; the record keeps the full text for operators
    for (const run of [one.body, listed]) {
      expect(run?.eventsError).toBe('4 of 4 change events were not published to bus: AccessDeniedException: User: SyncRole/fn is not authorized to perform: events:PutEvents');
      expect(run?.errors).toEqual(['LiteLLM answered HTTP 502: upstream [url] ([host]) refused key [redacted].']);
      expect(JSON.stringify(run)).not.toMatch(/123456789012|10\.0\.3\.7|sk-proj|litellm-db/);
    }
    expect((await harness.recordedRuns()).find((run) => run.id === runId)).toMatchObject({ events_error: eventsError });
  });

  it('It should replace the database error text of a failed run with a pointer to the logs', async () => {
    // Prepare: the sync's first statement is refused; the run record that follows is written.
    harness.dataApi.injectFault({
      error: () => new AccessDeniedException({ message: 'User is not authorized to perform rds-data:ExecuteStatement', $metadata: {} }),
      times: 1,
    });
    expect((await start(postSync())).status).toBe(500);
    const recorded = (await harness.recordedRuns()).at(-1) as { id: string; failure_reason: string };
    expect(recorded.failure_reason).toBe('database');

    // Act
    const one = await read(getRun(recorded.id));
    const listed = ((await read(getRuns({ limit: '1' }))).body.runs as Record<string, unknown>[])[0];

    // Assess
    for (const run of [one.body, listed]) {
      expect(run).toMatchObject({ runId: recorded.id, status: 'failed', failureReason: 'database' });
      expect(JSON.stringify(run)).not.toMatch(/rds-data|Data API|not authorized/);
      expect(run?.errors).toEqual([expect.stringContaining(`function logs (search for run id ${recorded.id})`)]);
    }
  });
});
