/**
 * A background run (`POST /sync` answered 202) that cannot run its sync must still end its
 * `running` row, with the reason, and never fail the invocation (a Lambda retry would run it
 * again). Its own file: the LiteLLM key secret here holds no usable key, and the Powertools
 * cache of another file's good key must not answer for it.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { postSync, preferAsync } from '../support/lambda-events.js';
import { loadHandler, useFunctionHarness } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<{ statusCode?: number; body?: string } | undefined>;

const WORKER = 'model-sync-scheduled';
const lambda = mockClient(LambdaClient);

const harness = useFunctionHarness({ secretString: JSON.stringify({ notTheKey: 'x' }), env: { ASYNC_SYNC_FUNCTION_NAME: WORKER }, migrate: true });
let startHandler: Handler;
let worker: Handler;
beforeAll(async () => {
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  startHandler = await loadHandler<Handler>('sync-api');
  worker = await loadHandler<Handler>('scheduled-sync-and-background-runs');
});

describe('a background run whose LiteLLM key cannot be read', () => {
  it('It should end its run as failed with the reason, not throw, and let the next start through', async () => {
    // Prepare
    const accepted = await startHandler(preferAsync(postSync()), lambdaContext('model-sync-api', 28_000));
    const payload = JSON.parse(Buffer.from(lambda.commandCalls(InvokeCommand)[0]?.args[0].input.Payload as Uint8Array).toString('utf8')) as unknown;

    // Act
    const outcome = await worker(payload, lambdaContext(WORKER, 300_000));
    const next = await startHandler(preferAsync(postSync()), lambdaContext('model-sync-api', 28_000));

    // Assess
    expect(accepted?.statusCode).toBe(202);
    expect(outcome).toBeUndefined();
    const [run] = await harness.recordedRuns();
    expect(run).toMatchObject({ status: 'failed', failure_reason: 'internal' });
    expect(JSON.stringify(run)).toMatch(/LiteLLM key could not be read/);
    expect(next?.statusCode).toBe(202);
    expect(await harness.models()).toEqual([]);
  });
});
