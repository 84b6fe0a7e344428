import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { openApiProblems } from '../support/openapi.js';
import { loadHandler, loadReadApi, useFunctionHarness } from '../support/function-harness.js';
import type { ApiHandler } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';
import { getModelHistory, getRunChanges, IAM_CALLER_ARN, postSync } from '../support/lambda-events.js';

interface Entry {
  model_name: string;
  model_info: Record<string, unknown>;
}

const basic = readFixture('model-info-basic.json') as { data: Entry[] };

const harness = useFunctionHarness({ secretString: 'sk-journal-key', migrate: true });
let startApi: ApiHandler;
let readApi: ApiHandler;
beforeAll(async () => {
  startApi = await loadHandler<ApiHandler>('sync-api');
  readApi = await loadReadApi();
});

async function call(handler: ApiHandler, event: APIGatewayProxyEventV2): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await handler(event, lambdaContext('model-sync-read-api', 28_000));
  expect(openApiProblems(event.routeKey, response)).toEqual([]);
  return { status: response.statusCode ?? 0, body: JSON.parse(response.body ?? 'null') as Record<string, unknown> };
}

describe('The change journal through the read function', () => {
  let firstRun: string;
  let secondRun: string;

  beforeAll(async () => {
    // Two runs from an empty catalog: gpt-4o added, then updated.
    await harness.emptyTables();
    harness.litellm.answer({ body: basic });
    firstRun = String((await call(startApi, postSync())).body.runId);
    const changed = structuredClone(basic);
    changed.data.find((entry) => entry.model_name === 'gpt-4o')!.model_info.max_output_tokens = 4096;
    harness.litellm.answer({ body: changed });
    secondRun = String((await call(startApi, postSync())).body.runId);
  });

  it('It should list what a run did to each model, with the old and new value of each changed column', async () => {
    // Act
    const { status, body } = await call(readApi, getRunChanges(secondRun));

    // Assess
    expect(status).toBe(200);
    expect(body).toEqual({
      entries: [
        expect.objectContaining({
          runId: secondRun,
          modelId: 'gpt-4o',
          kind: 'updated',
          trigger: 'manual',
          requestedBy: 'PlatformAdmin/alice',
          changes: expect.objectContaining({ max_tokens: { old: 16384, new: 4096 } }) as unknown,
        }),
      ],
      nextCursor: null,
    });
    expect(JSON.stringify(body)).not.toContain(IAM_CALLER_ARN);
  });

  it("It should page a model's history newest first with the cursor it gives", async () => {
    // Act
    const first = await call(readApi, getModelHistory('gpt-4o', { limit: '1' }));
    const second = await call(readApi, getModelHistory('gpt-4o', { limit: '1', cursor: String(first.body.nextCursor) }));

    // Assess
    expect(first.body.entries).toMatchObject([{ runId: secondRun, kind: 'updated' }]);
    expect(second.body.entries).toMatchObject([{ runId: firstRun, kind: 'added', changes: null }]);
    expect(second.body.nextCursor).toBeNull();
  });

  it.each([
    ['a limit out of range', getModelHistory('gpt-4o', { limit: '0' }), /limit must be an integer from 1 to 200/],
    ['a cursor it did not give out', getModelHistory('gpt-4o', { cursor: 'bm90LWEtY3Vyc29y' }), /nextCursor of the previous page/],
    ['a run id that is not a UUID', getRunChanges('not-a-run'), /runId must be a UUID/],
  ])('It should answer 400 for %s, saying what to send', async (_case, event, message) => {
    // Act
    const { status, body } = await call(readApi, event);

    // Assess
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(message);
  });

  it('It should need the read scope, like the other GET routes', async () => {
    // Act
    const { status } = await call(readApi, getModelHistory('gpt-4o', undefined, { jwtScopes: ['model-sync/start'] }));

    // Assess
    expect(status).toBe(403);
  });
});

describe('A sync answer with what LiteLLM could not tell and what it announces', () => {
  it('It should match the documented SyncResult, warnings and deprecation notices included', async () => {
    // Prepare: a proxy without /model/deprecations, and a model_info retirement date in 5 days.
    const day = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const retiring = structuredClone(basic);
    retiring.data.find((entry) => entry.model_name === 'gpt-4o')!.model_info.deprecation_date = day;
    harness.litellm.answer({ body: retiring });
    harness.litellm.answerDeprecations({ status: 404, body: { detail: 'Not Found' } });

    // Act (call() checks the answer against docs/openapi.yaml)
    const { status, body } = await call(startApi, postSync());
    harness.litellm.answerDeprecations({ body: { deprecated: [], imminent: [], upcoming: [] } });

    // Assess
    expect(status).toBe(200);
    expect(body).toMatchObject({ warnings: [expect.stringMatching(/not served/)], deprecations: [{ modelId: 'gpt-4o', kind: 'approaching' }] });
  });
});
