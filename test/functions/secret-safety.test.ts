import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { getRuns, postSync, scheduledEvent } from '../support/lambda-events.js';
import { loadHandler, useFunctionHarness } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

type Invoke<TEvent> = (event: TEvent, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

/** A key value that cannot appear anywhere by accident. */
const SENTINEL_KEY = 'sk-SENTINEL-9c1e47b2d8a34f6e';

const harness = useFunctionHarness({ secretString: JSON.stringify({ apiKey: SENTINEL_KEY }), env: { DB_RESUME_BUDGET_MS: '0' } });
const responses: string[] = [];

async function settle(invocation: Promise<unknown>): Promise<void> {
  try {
    responses.push(JSON.stringify(await invocation));
  } catch (error) {
    responses.push(error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error));
  }
}

describe('the LiteLLM key', () => {
  it('It should appear in no log line, response, error or recorded run of a full set of runs', async () => {
    // Prepare
    const deploy = await loadHandler<Invoke<unknown>>('deploy-sync');
    const scheduled = await loadHandler<Invoke<ScheduledEvent>>('scheduled-sync-and-background-runs');
    const api = await loadHandler<Invoke<APIGatewayProxyEventV2>>('sync-api');
    const readApi = await loadHandler<Invoke<APIGatewayProxyEventV2>>('sync-read-api');
    const apiCall = async (event: APIGatewayProxyEventV2): Promise<void> => {
      const serving = event.routeKey.startsWith('GET ') ? readApi : api;
      const response = (await serving(event, lambdaContext('model-sync-api'))) as APIGatewayProxyStructuredResultV2;
      responses.push(JSON.stringify(response));
    };
    const basic = readFixture('model-info-basic.json');

    // Act: every path that handles the key, including LiteLLM answers that echo it back.
    await settle(deploy({}, lambdaContext('model-sync-deploy', 120_000)));
    await settle(scheduled(scheduledEvent(), lambdaContext('model-sync-scheduled', 120_000)));
    await apiCall(postSync({ forceUpdate: true }));
    await apiCall(postSync({ dryRun: true }, 'jwt'));
    harness.litellm.answer({
      status: 401,
      body: { error: { message: `Authentication Error, Invalid proxy server token passed. API Key = ${SENTINEL_KEY}, key: ${SENTINEL_KEY}` } },
    });
    await apiCall(postSync());
    await settle(scheduled(scheduledEvent(), lambdaContext('model-sync-scheduled', 120_000)));
    harness.litellm.answer({ status: 200, body: `<html>proxy error for ${SENTINEL_KEY}</html>`, contentType: 'text/html' });
    await apiCall(postSync());
    harness.litellm.answer({ status: 503, body: `upstream refused ${SENTINEL_KEY}` });
    await apiCall(postSync());
    harness.litellm.answer({ body: { data: basic.data.slice(0, 1) } });
    await apiCall(postSync());
    await apiCall(getRuns({ limit: '100' }));

    // Assess: the runs really happened and were logged, and the key is nowhere.
    const runs = await harness.recordedRuns();
    expect(runs.length).toBeGreaterThanOrEqual(6);
    expect(harness.litellm.requests.every((request) => request.authorization === `Bearer ${SENTINEL_KEY}`)).toBe(true);
    expect(harness.output.lines.length).toBeGreaterThan(10);
    expect(harness.output.text()).toContain('Model sync failed');
    const models = await harness.postgres.client.query('SELECT to_jsonb(m) AS model FROM models m');
    expect(models.rows.length).toBeGreaterThan(0);

    expect(harness.output.text()).not.toContain(SENTINEL_KEY);
    expect(responses.join('\n')).not.toContain(SENTINEL_KEY);
    expect(JSON.stringify(runs)).not.toContain(SENTINEL_KEY);
    expect(JSON.stringify(models.rows)).not.toContain(SENTINEL_KEY);
  });
});
