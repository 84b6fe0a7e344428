import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postSync, scheduledEvent } from './helpers/events.js';
import { startHarness } from './helpers/harness.js';
import type { FunctionHarness } from './helpers/harness.js';
import { lambdaContext } from './helpers/lambda-context.js';

type ApiHandler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;
type ScheduledHandler = (event: ScheduledEvent, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

let harness: FunctionHarness;

/** Loads a handler module afresh, so it reads the environment as it is now. */
async function loadHandler<T>(module: 'sync-api' | 'scheduled-sync'): Promise<T> {
  vi.resetModules();
  const loaded = (await import(`../../functions/${module}.ts`)) as { handler: T };
  return loaded.handler;
}

beforeAll(async () => {
  harness = await startHarness({ secretString: 'sk-config-key', env: { DB_CLUSTER_ARN: undefined } });
});

afterAll(async () => {
  await harness.stop();
});

describe('invalid configuration', () => {
  it('It should answer API requests with 500, the request id and no detail, and log the variable to fix', async () => {
    // Prepare
    const handler = await loadHandler<ApiHandler>('sync-api');
    const event = postSync();

    // Act
    const response = await handler(event, lambdaContext('model-sync-api'));

    // Assess
    expect(response.statusCode).toBe(500);
    const body = JSON.parse(response.body ?? '') as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['message', 'requestId']);
    expect(body.requestId).toBe(event.requestContext.requestId);
    expect(String(body.message)).toContain('internal error');
    expect(response.body).not.toContain('DB_CLUSTER_ARN');
    expect(harness.output.text()).toContain('DB_CLUSTER_ARN is not set');
    expect(harness.litellm.requests).toHaveLength(0);
  });

  it('It should fail a scheduled invocation with an error naming the variable', async () => {
    // Prepare
    process.env.DB_CLUSTER_ARN = 'arn:aws:rds:eu-west-1:123456789012:cluster:litemaas';
    process.env.SYNC_MAX_RETIRE_FRACTION = '1.5';
    const handler = await loadHandler<ScheduledHandler>('scheduled-sync');

    // Act
    const invocation = handler(scheduledEvent(), lambdaContext('model-sync-scheduled'));

    // Assess
    await expect(invocation).rejects.toThrow(/SYNC_MAX_RETIRE_FRACTION must be a number from 0 to 1/);
    expect(harness.output.text()).toContain('SYNC_MAX_RETIRE_FRACTION');
  });

  it('It should reject a secret that holds neither a key nor JSON with apiKey, without quoting it', async () => {
    // Prepare: the module cache of @middy/secrets-manager outlives resetModules, so this is the
    // only test of the file that looks at the key; the key check happens after the config check.
    delete process.env.SYNC_MAX_RETIRE_FRACTION;
    const { litellmKeyFrom } = await import('../../functions/commons/litellm-key.js');

    // Act
    const read = (value: unknown): string => litellmKeyFrom({ litellmApiKey: value });

    // Assess
    expect(read('sk-plain')).toBe('sk-plain');
    expect(read({ apiKey: 'sk-json' })).toBe('sk-json');
    expect(() => read({ key: 'sk-wrong-field' })).toThrow(/plain string or as JSON with a non-empty string "apiKey"/);
    expect(() => read({ key: 'sk-wrong-field' })).not.toThrow(/sk-wrong-field/);
    expect(() => read('')).toThrow(/LITELLM_API_KEY_SECRET_ARN/);
    expect(() => read(undefined)).toThrow(/LITELLM_API_KEY_SECRET_ARN/);
  });
});
