/**
 * The scheduled function does the work of `POST /sync` answered 202, and anyone who may invoke it
 * can write its payload. It must take nothing but the run id from the event: the caller and the
 * options come from the run the API recorded as `running`.
 */
import { randomUUID } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RUNNING_RUN_TTL_MINUTES } from '../../lib/db/sql/sync-runs.js';
import type { SyncResult } from '../../lib/sync/types.js';
import { IAM_CALLER_ARN, postForce, postSync, preferAsync, scheduledEvent } from '../support/lambda-events.js';
import { readFixture } from '../support/fixtures.js';
import { loadHandler, useFunctionHarness } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<{ statusCode?: number; body?: string } | SyncResult | undefined>;

const WORKER = 'model-sync-scheduled';
const MALLORY = 'arn:aws:sts::123456789012:assumed-role/Intruder/mallory';
const lambda = mockClient(LambdaClient);

const harness = useFunctionHarness({ secretString: 'sk-worker-key', env: { ASYNC_SYNC_FUNCTION_NAME: WORKER }, migrate: true });
let startHandler: Handler;
let worker: Handler;
beforeAll(async () => {
  startHandler = await loadHandler<Handler>('sync-api');
  worker = await loadHandler<Handler>('scheduled-sync-and-background-runs');
});
beforeEach(async () => {
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  await harness.emptyTables();
  // Four models synced by the schedule; then LiteLLM lists one, and retiring the other three (75%)
  // is past the guard's 50%: only a forced run may do it.
  await worker(scheduledEvent(), lambdaContext(WORKER, 300_000));
  const catalog = readFixture('model-info-basic.json');
  harness.litellm.answer({ body: { ...catalog, data: catalog.data.slice(0, 1) } });
  harness.output.clear();
});

const invokeWorker = (event: unknown) => worker(event, lambdaContext(WORKER, 300_000));

/** What an intruder sends: a forced, retiring sync in someone else's name. */
const forged = (runId: string) => ({ asyncRun: { runId, options: { force: true, forceUpdate: true }, requestedBy: MALLORY } });

/** The worker's own warnings (Powertools adds one of its own when no metric was emitted). */
const warnings = (): string[] =>
  harness.output
    .records()
    .filter((record) => record.level === 'WARN' && !String(record.message).startsWith('No application metrics'))
    .map((record) => String(record.message));

async function startAsyncRun(route: typeof postSync = postSync): Promise<string> {
  const answer = (await startHandler(preferAsync(route()), lambdaContext('model-sync-api', 28_000))) as { statusCode: number; body: string };
  expect(answer.statusCode).toBe(202);
  return String((JSON.parse(answer.body) as { runId: string }).runId);
}

describe('a background run takes only its run id from the event', () => {
  it('It should do nothing but warn for a forged payload naming no recorded run', async () => {
    // Prepare
    const before = await harness.models();
    const runsBefore = await harness.recordedRuns();

    // Act
    const outcome = await invokeWorker(forged(randomUUID()));

    // Assess
    expect(outcome).toBeUndefined();
    expect(await harness.models()).toEqual(before);
    expect(await harness.recordedRuns()).toEqual(runsBefore);
    expect(JSON.stringify(await harness.recordedRuns())).not.toContain('mallory');
    expect(warnings()).toEqual([expect.stringMatching(/^Background run ignored: no run with this id is running/)]);
  });

  it('It should run with the caller and options the API recorded, not those of the event', async () => {
    // Prepare: alice asked for a plain sync; the event claims a forced one by mallory
    const runId = await startAsyncRun();
    const before = await harness.models();

    // Act
    const outcome = (await invokeWorker(forged(runId))) as SyncResult;

    // Assess: not forced, so the guard refuses to retire three of four models, in alice's name
    expect(outcome).toMatchObject({ runId, success: false, failureReason: 'guard' });
    expect(await harness.models()).toEqual(before);
    const run = (await harness.recordedRuns()).find((recorded) => recorded.id === runId);
    expect(run).toMatchObject({ requested_by: IAM_CALLER_ARN, status: 'failed', failure_reason: 'guard' });
    expect(run?.options).not.toMatchObject({ force: true });
  });

  it('It should force a run the API recorded as forced, with the run id alone', async () => {
    // Prepare
    const runId = await startAsyncRun(postForce);

    // Act
    const outcome = (await invokeWorker({ asyncRun: { runId } })) as SyncResult;

    // Assess: the recorded force lets the run retire the three models LiteLLM no longer lists
    expect(outcome).toMatchObject({ runId, success: true, unavailableModels: 3 });
    expect((await harness.recordedRuns()).find((recorded) => recorded.id === runId)).toMatchObject({
      requested_by: IAM_CALLER_ARN,
      status: 'succeeded',
      options: { force: true },
    });
  });

  it('It should do nothing but warn for a finished run, so a second delivery does not run it again', async () => {
    // Prepare
    const runId = await startAsyncRun();
    await invokeWorker({ asyncRun: { runId } });
    const runsAfterFirst = await harness.recordedRuns();
    harness.output.clear();

    // Act
    const outcome = await invokeWorker(forged(runId));

    // Assess
    expect(outcome).toBeUndefined();
    expect(await harness.recordedRuns()).toEqual(runsAfterFirst);
    expect(warnings()).toEqual([expect.stringMatching(/unknown, finished or expired/)]);
  });

  it('It should do nothing but warn for an expired run', async () => {
    // Prepare: a run recorded longer ago than a background run can live
    const runId = await startAsyncRun();
    await harness.postgres.client.query(`UPDATE model_sync_runs SET started_at = now() - interval '${RUNNING_RUN_TTL_MINUTES + 1} minutes' WHERE id = $1`, [runId]);
    const before = await harness.models();

    // Act
    const outcome = await invokeWorker({ asyncRun: { runId } });

    // Assess
    expect(outcome).toBeUndefined();
    expect(await harness.models()).toEqual(before);
    expect((await harness.recordedRuns()).find((recorded) => recorded.id === runId)).toMatchObject({ status: 'running' });
    expect(warnings()).toEqual([expect.stringMatching(/unknown, finished or expired/)]);
  });

  it.each([
    ['a run id that is not a UUID', { asyncRun: { runId: "1' OR '1'='1" } }],
    ['a run id that is not text', { asyncRun: { runId: 42, options: { force: true } } }],
    ['an empty payload', {}],
    ['a payload of its own', { trigger: 'manual', force: true, requestedBy: MALLORY }],
  ])('It should do nothing but warn for %s', async (_name, event) => {
    // Prepare
    const before = await harness.models();
    const runsBefore = await harness.recordedRuns();
    const litellmRequests = harness.litellm.requests.length;

    // Act
    const outcome = await invokeWorker(event);

    // Assess
    expect(outcome).toBeUndefined();
    expect(await harness.models()).toEqual(before);
    expect(await harness.recordedRuns()).toEqual(runsBefore);
    expect(warnings()).toHaveLength(1);
    expect(harness.litellm.requests).toHaveLength(litellmRequests);
  });
});
