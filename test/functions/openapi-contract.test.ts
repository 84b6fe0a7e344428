import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYNC_API_ROUTES } from '../../infra/constructs/sync-api.js';
import type { SyncResult } from '../../lib/sync/types.js';
import { shortCaller } from '../../lib/sync/reader-view.js';
import { OPENAPI_DOCUMENT, openApiProblems } from '../support/openapi.js';
import { holdSyncLock } from '../support/sync-lock.js';
import { getRun, httpEvent, IAM_CALLER_ARN, postSync, preferAsync } from '../support/lambda-events.js';
import { loadHandler, useFunctionHarness } from '../support/function-harness.js';
import type { ApiHandler } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

type WorkerHandler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<SyncResult>;

const WORKER = 'model-sync-scheduled';
const lambda = mockClient(LambdaClient);
const eventBridge = mockClient(EventBridgeClient);

const harness = useFunctionHarness({
  secretString: JSON.stringify({ apiKey: 'sk-api-key' }),
  env: { ASYNC_SYNC_FUNCTION_NAME: WORKER, SYNC_SCHEDULE_ENABLED: 'true', SYNC_INTERVAL_MINUTES: '60', EVENT_BUS_NAME: 'bus' },
  migrate: true,
});
let startHandler: ApiHandler;
let readHandler: ApiHandler;
let worker: WorkerHandler;
beforeAll(async () => {
  startHandler = await loadHandler<ApiHandler>('sync-api');
  readHandler = await loadHandler<ApiHandler>('sync-read-api');
  // The scheduled function completes the runs the API answered 202; same environment.
  worker = await loadHandler<WorkerHandler>('scheduled-sync-and-background-runs');
});
beforeEach(() => {
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Calls the API handler and checks the answer against docs/openapi.yaml before anything else. */
async function call(event: APIGatewayProxyEventV2): Promise<Answer> {
  // The read routes are served by their own function, as in the stack.
  const serving = event.routeKey.startsWith('GET ') ? readHandler : startHandler;
  const response = await serving(event, lambdaContext('model-sync-api', 28_000));
  expect(openApiProblems(event.routeKey, response)).toEqual([]);
  return {
    status: response.statusCode ?? 0,
    headers: (response.headers ?? {}) as Record<string, string>,
    body: JSON.parse(response.body ?? 'null') as Record<string, unknown>,
  };
}

const getStatus = (): APIGatewayProxyEventV2 => httpEvent({ method: 'GET', routeKey: 'GET /sync/status', path: '/sync/status' });
const postAsync = (body?: unknown): APIGatewayProxyEventV2 => preferAsync(postSync(body), 'respond-async, wait=5');

function invokedPayload(index = 0): unknown {
  const payload = lambda.commandCalls(InvokeCommand)[index]?.args[0].input.Payload;
  return JSON.parse(Buffer.from(payload as Uint8Array).toString('utf8'));
}

describe('the OpenAPI document', () => {
  it('It should describe every route the stack creates, with an operation id', () => {
    for (const route of SYNC_API_ROUTES) {
      const operation = (OPENAPI_DOCUMENT.paths[route.path] as Record<string, { operationId?: string }> | undefined)?.[route.method.toLowerCase()];
      expect(operation?.operationId, `${route.method} ${route.path}`).toEqual(expect.any(String));
    }
  });
});

describe('GET /sync/status', () => {
  it('It should answer the status with the schedule the stack configured', async () => {
    // Prepare: no run recorded yet
    await harness.emptyTables();

    // Act
    const before = await call(getStatus());
    await call(postSync());
    const after = await call(getStatus());

    // Assess
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ lastRun: null, consecutiveFailures: 0, schedule: { enabled: true, intervalMinutes: 60 } });
    expect(after.body).toMatchObject({
      lastRun: { trigger: 'manual', status: 'succeeded' },
      lastSuccessfulRun: { trigger: 'manual' },
      minutesSinceLastSuccess: 0,
      lastRunSkipped: false,
      models: { available: 4, unavailable: 0 },
    });
    expect(harness.secrets.calls()).toHaveLength(1); // only the POST fetched the LiteLLM key
  });
});

describe('POST /sync with Prefer: respond-async', () => {
  it('It should answer 202 with Location at once, show the run running, then finished by the background function', async () => {
    // Prepare: the four models there to update, whatever ran before
    await call(postSync());
    eventBridge.resetHistory();

    // Act
    const accepted = await call(postAsync({ forceUpdate: true }));
    const runId = String(accepted.body.runId);
    const running = await call(getRun(runId));
    const concurrent = await call(postAsync());
    const payload = invokedPayload();
    const result = await worker(payload, lambdaContext(WORKER, 300_000));
    const finished = await call(getRun(runId));

    // Assess
    expect(accepted.status).toBe(202);
    expect(accepted.headers).toMatchObject({ location: `/sync/runs/${runId}`, 'preference-applied': 'respond-async' });
    expect(accepted.body).toEqual({ runId, status: 'running', location: `/sync/runs/${runId}` });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
    expect(lambda.commandCalls(InvokeCommand)[0]?.args[0].input).toMatchObject({ FunctionName: WORKER, InvocationType: 'Event' });
    // The run id only: the worker reads the caller and options from the run row.
    expect(payload).toEqual({ asyncRun: { runId } });
    // Readers see the caller's role and session, not the account id (run-view.ts).
    expect(running.body).toMatchObject({ runId, status: 'running', finishedAt: null, requestedBy: shortCaller(IAM_CALLER_ARN) });
    expect(concurrent.status).toBe(409);
    expect(result).toMatchObject({ runId, trigger: 'manual', success: true, updatedModels: 4 });
    expect(finished.body).toMatchObject({ runId, status: 'succeeded', updatedModels: 4, requestedBy: shortCaller(IAM_CALLER_ARN) });
    expect(JSON.parse(String(eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.Detail))).toMatchObject({
      runId,
      requestedBy: shortCaller(IAM_CALLER_ARN),
    });
  });

  it('It should answer 409 at once while another sync holds the lock, and start nothing', async () => {
    // Prepare
    const lock = await holdSyncLock(harness.postgres.client);

    // Act
    const response = await call(postAsync());
    await lock.release();

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(/Another sync is running/);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('It should answer 500 and record the run failed when Lambda refuses the background invoke', async () => {
    // Prepare
    lambda.on(InvokeCommand).rejects(new Error('AccessDeniedException'));

    // Act
    const response = await call(postAsync());

    // Assess
    expect(response.status).toBe(500);
    expect((await harness.recordedRuns()).at(-1)).toMatchObject({ status: 'failed', failure_reason: 'internal' });
  });

  it('It should answer a dry run, and a request without the header, synchronously as before', async () => {
    // Act
    const dryRun = await call(postAsync({ dryRun: true }));
    const plain = await call(postSync());

    // Assess
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({ dryRun: true });
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ trigger: 'manual', success: true });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});
