import { describe, expect, it } from 'vitest';
import {
  API_BUDGETS,
  apiWorstCaseMs,
  DEPLOY_BUDGETS,
  deployMigrationTryMs,
  deploySyncTryMs,
  EVENTS_BUDGET,
  hungDataApiCallMs,
  publishWorstCaseMs,
  SCHEDULED_BUDGETS,
  scheduledWorstCaseMs,
} from '../../functions/commons/setup/budgets.js';
import { backoffCeilingMs, DEFAULT_LITELLM_RETRY_POLICY, litellmWorstCaseMs } from '../../lib/litellm/client.js';

const seconds = (ms: number): number => ms / 1000;

describe('the LiteLLM backoff the budgets are built on', () => {
  it('It should double the wait ceiling from the base, and add every timeout and wait to the worst case', () => {
    // Assess
    expect([1, 2, 3, 4].map((attempt) => backoffCeilingMs(DEFAULT_LITELLM_RETRY_POLICY, attempt))).toEqual([0, 500, 1_000, 2_000]);
    expect(litellmWorstCaseMs(DEFAULT_LITELLM_RETRY_POLICY)).toBe(31_500); // 3 × 10 s + 0.5 + 1 s
    expect(litellmWorstCaseMs(API_BUDGETS.litellmRetry)).toBe(10_500); // 2 × 5 s + 0.5 s
  });
});

describe('the time budgets', () => {
  it('It should end an API request with an answer before API Gateway gives up at 30 s', () => {
    // Assess: 10.5 s LiteLLM + max(6 s resume, 11 s hung call) + 2 s = 23.5 s
    expect(seconds(apiWorstCaseMs())).toBe(23.5);
    expect(apiWorstCaseMs()).toBeLessThan(API_BUDGETS.timeoutSeconds * 1000);
    expect(API_BUDGETS.timeoutSeconds).toBeLessThan(30);
  });

  it('It should leave the API room to publish the change events after its worst sync', () => {
    // Assess: 23.5 s sync + 1 s of publishing tries + 2 × 1.5 s for a call in flight = 27.5 s
    expect(seconds(publishWorstCaseMs(EVENTS_BUDGET.apiTotalMs))).toBe(4);
    expect(apiWorstCaseMs() + publishWorstCaseMs(EVENTS_BUDGET.apiTotalMs)).toBeLessThan(API_BUDGETS.timeoutSeconds * 1000);
  });

  it('It should leave the background functions room to publish after their worst run', () => {
    // Assess: 217.5 s + 7 s, far under 300 s
    expect(scheduledWorstCaseMs() + publishWorstCaseMs(EVENTS_BUDGET.totalMs)).toBeLessThan(SCHEDULED_BUDGETS.timeoutSeconds * 1000);
  });

  it('It should end a scheduled run with its reason before the function times out', () => {
    // Assess: 31.5 s LiteLLM + 60 s resume + 121 s hung call + 5 s = 217.5 s
    expect(hungDataApiCallMs(SCHEDULED_BUDGETS.dataApi)).toBe(121_000);
    expect(seconds(scheduledWorstCaseMs())).toBe(217.5);
    expect(scheduledWorstCaseMs()).toBeLessThan(SCHEDULED_BUDGETS.timeoutSeconds * 1000);
  });

  it('It should leave the deploy-time function room to retry the migrations and still sync', () => {
    // Prepare
    const resume = DEPLOY_BUDGETS.resume.budgetMs;
    const oneOfEach = deployMigrationTryMs(resume) + deploySyncTryMs(DEPLOY_BUDGETS.litellmRetry, resume);
    const timeoutMs = DEPLOY_BUDGETS.timeoutSeconds * 1000;

    // Assess: a migration try 25 s, a sync try 56.5 s; the rest rides out a resuming database.
    expect(seconds(deployMigrationTryMs(resume))).toBe(25);
    expect(seconds(deploySyncTryMs(DEPLOY_BUDGETS.litellmRetry, resume))).toBe(56.5);
    expect(seconds(timeoutMs - oneOfEach)).toBeGreaterThan(200);
    // A hung Data API call is also cut short with its reason, not by "Task timed out".
    expect(hungDataApiCallMs(DEPLOY_BUDGETS.dataApi) + oneOfEach).toBeLessThan(timeoutMs);
    // The trigger waits for the whole function plus a minute for the cold start and the invoke.
    expect(DEPLOY_BUDGETS.triggerTimeoutSeconds).toBeGreaterThanOrEqual(DEPLOY_BUDGETS.timeoutSeconds + 60);
  });
});
