import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LITELLM_RETRY_POLICY } from '../../lib/litellm/client.js';
import { API_BUDGETS, DEPLOY_BUDGETS, SCHEDULED_BUDGETS } from '../../functions/commons/setup/budgets.js';
import { dataApiClientConfig } from '../../functions/commons/setup/container.js';
import { startHttpServer } from '../../local/litellm-stand-in.js';
import type { LocalHttpServer } from '../../local/litellm-stand-in.js';

// A Data API endpoint that takes every request and never answers.
let server: LocalHttpServer;
beforeAll(async () => {
  server = await startHttpServer(() => undefined);
});
afterAll(() => server.close());

describe('the Data API client', () => {
  it('It should give up on a hung call after maxAttempts × requestTimeout', async () => {
    // Prepare
    const client = new RDSDataClient({
      ...dataApiClientConfig({ requestTimeoutMs: 200, maxAttempts: 2 }),
      endpoint: server.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
    });
    const started = Date.now();

    // Act
    const call = client.send(new ExecuteStatementCommand({ resourceArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:c', secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:s', sql: 'SELECT 1' }));

    // Assess: one retry of the transient timeout, then the error, in well under the 5 s test limit.
    await expect(call).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3_000);
    client.destroy();
  });

  it('It should keep each function within its budget: ≥ 60 s where there is time, far under 28 s for the API', () => {
    // Data API statements are cancelled after 45 s: waiting less would cut a legitimate one short.
    for (const budget of [SCHEDULED_BUDGETS, DEPLOY_BUDGETS]) {
      expect(budget.dataApi.requestTimeoutMs).toBeGreaterThanOrEqual(60_000);
      expect(budget.dataApi.maxAttempts * budget.dataApi.requestTimeoutMs).toBeLessThan(budget.timeoutSeconds * 1000);
    }
    // A hung call after the worst LiteLLM wait (2 × 5 s + 0.5 s) still ends, with a second of backoff, before the timeout.
    const litellm = API_BUDGETS.litellmRetry;
    const litellmWorst = litellm.maxAttempts * litellm.timeoutMs + litellm.backoffBaseMs;
    expect(litellmWorst + API_BUDGETS.dataApi.maxAttempts * API_BUDGETS.dataApi.requestTimeoutMs + 1_000).toBeLessThan(API_BUDGETS.timeoutSeconds * 1000);
  });

  it('It should leave the deploy function room to retry, and the trigger waiting longer than the function', () => {
    // LiteLLM library defaults: 3 × 10 s + 0.5 s + 1 s of backoff.
    const defaults = DEFAULT_LITELLM_RETRY_POLICY;
    const litellmWorst = defaults.maxAttempts * defaults.timeoutMs + defaults.backoffBaseMs * (2 ** (defaults.maxAttempts - 1) - 1);
    const migrateTry = DEPLOY_BUDGETS.resume.budgetMs + DEPLOY_BUDGETS.stepSlackMs;
    const syncTry = litellmWorst + DEPLOY_BUDGETS.resume.budgetMs + DEPLOY_BUDGETS.stepSlackMs;
    const timeoutMs = DEPLOY_BUDGETS.timeoutSeconds * 1000;
    // At least three migration tries (about a minute of resuming) before the sync's reserved time.
    expect(timeoutMs - syncTry).toBeGreaterThanOrEqual(3 * (migrateTry + DEPLOY_BUDGETS.retryDelayMs));
    expect(DEPLOY_BUDGETS.triggerTimeoutSeconds).toBeGreaterThan(DEPLOY_BUDGETS.timeoutSeconds);
    expect(DEPLOY_BUDGETS.triggerTimeoutSeconds).toBeLessThan(15 * 60);
  });
});
