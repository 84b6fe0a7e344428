import { GetSecretValueCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { postSync } from '../support/lambda-events.js';
import { LITELLM_KEY_SECRET_ARN, loadHandler, useFunctionHarness } from '../support/function-harness.js';
import type { ApiHandler } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

const harness = useFunctionHarness({ secretString: 'sk-secrets-key', migrate: true });
let handler: ApiHandler;
beforeAll(async () => {
  handler = await loadHandler<ApiHandler>('sync-api');
});

describe('the LiteLLM key secret cannot be read', () => {
  it('It should answer 500 with the request id, log why, and read the secret again on the next request', async () => {
    // Prepare: the first read fails, later ones work (the cache must not keep the failure).
    harness.secrets
      .on(GetSecretValueCommand, { SecretId: LITELLM_KEY_SECRET_ARN })
      .rejectsOnce(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} }))
      .resolves({ SecretString: 'sk-secrets-key' });
    const first = postSync();

    // Act
    const failed = await handler(first, lambdaContext('model-sync-api'));
    const retried = await handler(postSync(), lambdaContext('model-sync-api'));

    // Assess
    expect(failed.statusCode).toBe(500);
    const body = JSON.parse(failed.body ?? '') as Record<string, unknown>;
    expect(body.requestId).toBe(first.requestContext.requestId);
    expect(String(body.message)).not.toContain('Secrets Manager');
    const logged = harness.output.records().find((record) => record.message === 'Request failed');
    expect(logged).toMatchObject({ apiRequestId: first.requestContext.requestId });
    expect(harness.litellm.requests).toHaveLength(1);
    expect(retried.statusCode).toBe(200);
  });
});
