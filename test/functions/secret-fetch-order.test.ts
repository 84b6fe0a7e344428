import { clearCaches } from '@aws-lambda-powertools/parameters';
import { GetSecretValueCommand, InternalServiceError } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpEvent, postForce, postSync } from '../support/lambda-events.js';
import { LITELLM_KEY_SECRET_ARN, loadHandler, useFunctionHarness } from '../support/function-harness.js';
import type { ApiHandler } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

const harness = useFunctionHarness({ secretString: 'sk-order-key', env: { DB_RESUME_BUDGET_MS: '0' }, migrate: true });
let handler: ApiHandler;
beforeAll(async () => {
  handler = await loadHandler<ApiHandler>('sync-api');
});
// Each test starts with the Powertools key cache empty, as in a new container: a key an earlier
// POST /sync had cached would answer instead of a read, and the reads are counted per test.
beforeEach(() => {
  clearCaches();
  harness.secrets.resetHistory();
});

const secretReads = (): number => harness.secrets.commandCalls(GetSecretValueCommand).length;

async function status(event: APIGatewayProxyEventV2): Promise<number> {
  return (await handler(event, lambdaContext('model-sync-api', 28_000))).statusCode ?? 0;
}

const badBody = (body: string, contentType = 'application/json'): APIGatewayProxyEventV2 =>
  httpEvent({ method: 'POST', routeKey: 'POST /sync', path: '/sync', body, headers: { 'content-type': contentType } });

describe('when the API reads the LiteLLM key', () => {
  it('It should refuse a request without identity or scope, a bad body and an unknown route without reading the secret', async () => {
    // Act
    const answers = [
      await status(postSync(undefined, 'none')),
      await status(postSync({ force: true })),
      await status(postForce(undefined, 'jwt')),
      await status(badBody('{"force": tru')),
      await status(badBody('force=true', 'text/plain')),
      await status(badBody(JSON.stringify({ padding: 'x'.repeat(17 * 1024) }))),
      await status(httpEvent({ method: 'PUT', routeKey: '$default', path: '/sync' })),
    ];

    // Assess
    expect(answers).toEqual([403, 403, 403, 400, 415, 413, 404]);
    expect(secretReads()).toBe(0);
  });

  it('It should still answer 400 while Secrets Manager is down', async () => {
    // Prepare
    harness.secrets
      .on(GetSecretValueCommand, { SecretId: LITELLM_KEY_SECRET_ARN })
      .rejects(new InternalServiceError({ message: 'Secrets Manager is unavailable', $metadata: {} }));

    // Act
    const answers = [
      await status(badBody('[true]')),
      await status(postSync()),
    ];

    // Assess: only the sync, which needs the key, fails.
    expect(answers).toEqual([400, 500]);
  });

  it('It should read the secret for POST /sync', async () => {
    // Prepare
    harness.secrets.on(GetSecretValueCommand, { SecretId: LITELLM_KEY_SECRET_ARN }).resolves({ SecretString: 'sk-order-key' });
    const readsBefore = secretReads();

    // Act
    const answer = await status(postSync());

    // Assess
    expect(answer).toBe(200);
    expect(secretReads()).toBe(readsBefore + 1);
    expect(harness.litellm.requests.at(-1)?.authorization).toBe('Bearer sk-order-key');
  });
});
