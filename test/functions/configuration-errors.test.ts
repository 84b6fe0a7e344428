import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { postSync, scheduledEvent } from '../support/lambda-events.js';
import { loadHandler, useFunctionHarness } from '../support/function-harness.js';
import type { ApiHandler } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

type ScheduledHandler = (event: ScheduledEvent, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

const CLUSTER_ARN = 'arn:aws:rds:eu-west-1:123456789012:cluster:litemaas';

// Without DB_CLUSTER_ARN; each test stubs what it needs, and finds the variables as they were.
const harness = useFunctionHarness({ secretString: 'sk-config-key', env: { DB_CLUSTER_ARN: undefined } });
afterEach(() => {
  vi.unstubAllEnvs();
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
    vi.stubEnv('DB_CLUSTER_ARN', CLUSTER_ARN);
    vi.stubEnv('SYNC_MAX_RETIRE_FRACTION', '1.5');
    const handler = await loadHandler<ScheduledHandler>('scheduled-sync-and-background-runs');

    // Act
    const invocation = handler(scheduledEvent(), lambdaContext('model-sync-scheduled'));

    // Assess
    await expect(invocation).rejects.toThrow(/SYNC_MAX_RETIRE_FRACTION must be a number from 0 to 1/);
    expect(harness.output.text()).toContain('SYNC_MAX_RETIRE_FRACTION');
  });

  it('It should refuse an http:// LiteLLM URL unless LITELLM_ALLOW_INSECURE=true, naming the setting', async () => {
    // Prepare
    vi.stubEnv('DB_CLUSTER_ARN', CLUSTER_ARN);
    vi.stubEnv('LITELLM_ALLOW_INSECURE', 'false');
    const refusing = await loadHandler<ScheduledHandler>('scheduled-sync-and-background-runs');
    vi.stubEnv('LITELLM_ALLOW_INSECURE', 'true');
    await harness.migrate();
    const allowing = await loadHandler<ScheduledHandler>('scheduled-sync-and-background-runs');

    // Act
    const refused = refusing(scheduledEvent(), lambdaContext('model-sync-scheduled'));
    const allowed = allowing(scheduledEvent(), lambdaContext('model-sync-scheduled'));

    // Assess: refused before the key was read or LiteLLM was called.
    await expect(refused).rejects.toThrow(/http:\/\/ URL, which would send the LiteLLM master key in clear.*LITELLM_ALLOW_INSECURE=true/);
    await expect(allowed).resolves.toMatchObject({ success: true });
    expect(harness.litellm.requests).toHaveLength(1);
  });

  it('It should reject a secret that holds neither a key nor JSON with apiKey, without quoting it', async () => {
    // Prepare
    const { litellmKeyFromSecret: read } = await import('../../functions/commons/secrets/litellm-key.js');

    // Assess
    expect(read('sk-plain')).toBe('sk-plain');
    expect(read(' sk-padded\n')).toBe('sk-padded');
    expect(read(JSON.stringify({ apiKey: 'sk-json' }))).toBe('sk-json');
    expect(() => read(JSON.stringify({ key: 'sk-wrong-field' }))).toThrow(/plain string or as JSON with a non-empty string "apiKey"/);
    expect(() => read(JSON.stringify({ key: 'sk-wrong-field' }))).not.toThrow(/sk-wrong-field/);
    expect(() => read('{not json sk-broken')).toThrow(/non-empty string "apiKey"/);
    expect(() => read('{not json sk-broken')).not.toThrow(/sk-broken/);
    expect(() => read('')).toThrow(/LITELLM_API_KEY_SECRET_ARN/);
    expect(() => read(new Uint8Array([1, 2]))).toThrow(/LITELLM_API_KEY_SECRET_ARN/);
  });
});
