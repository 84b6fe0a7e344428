/**
 * The time budgets of the functions and their arithmetic, in one place: each handler builds its
 * clients from these numbers, the CDK stack sets the function timeouts, `DB_RESUME_BUDGET_MS` and
 * the trigger timeout from the same ones, and test/functions/budgets.test.ts checks that every
 * worst case below fits its timeout. Nothing here imports aws-cdk-lib or handler code, so `infra/`
 * can import it.
 *
 * Resume waits double from `initialDelayMs` up to `maxDelayMs`; the library applies the resume
 * budget per database call, but only a sync's first call waits: a run that fails because the
 * database is still resuming is not recorded, so nothing waits again. A timed-out Data API request
 * is a transient error the SDK retries, so `maxAttempts` is part of the arithmetic: 2 everywhere.
 * The Data API cancels a statement after 45 s, so the scheduled and deploy functions wait 60 s
 * for an answer (a slow statement reports its own error first).
 */
import { DEFAULT_LITELLM_RETRY_POLICY, litellmWorstCaseMs } from '../../../lib/litellm/client.js';
import type { LiteLLMRetryPolicy } from '../../../lib/litellm/client.js';

/** How the Data API client of a function gives up on a call that does not answer. */
export interface DataApiClientBudget {
  /** Longest one HTTP request may take before it fails with a `TimeoutError`. */
  readonly requestTimeoutMs: number;
  /** Attempts per call, the first included (a timed-out request is retried as transient). */
  readonly maxAttempts: number;
}

/**
 * The sync API (`functions/sync-api.ts`, and the read-only `sync-read-api.ts`): API Gateway ends
 * every request at 30 s. Its statements are small, so a Data API call that needs 5 s would not fit
 * the request anyway; a caller gets a 500 with a request id instead of API Gateway's bare 503.
 */
export const API_BUDGETS = {
  timeoutSeconds: 28,
  litellmRetry: { timeoutMs: 5_000, maxAttempts: 2, backoffBaseMs: 500 },
  resume: { budgetMs: 6_000, initialDelayMs: 1_000, maxDelayMs: 4_000 },
  dataApi: { requestTimeoutMs: 5_000, maxAttempts: 2 },
  /** SQL that answers and the Secrets Manager read. */
  otherWorkMs: 2_000,
} as const;

/** The scheduled sync (`functions/scheduled-sync-and-background-runs.ts`): nobody waits; LiteLLM gets the library defaults. */
export const SCHEDULED_BUDGETS = {
  timeoutSeconds: 300,
  litellmRetry: DEFAULT_LITELLM_RETRY_POLICY,
  resume: { budgetMs: 60_000 },
  dataApi: { requestTimeoutMs: 60_000, maxAttempts: 2 },
  otherWorkMs: 5_000,
} as const;

/**
 * The deploy-time function (`functions/deploy-sync.ts`): the handler retries whole steps while
 * another try still fits (see {@link deployMigrationTryMs} and {@link deploySyncTryMs}). The
 * trigger waits synchronously: the function's timeout plus a minute for the cold start and the
 * invoke, far under the trigger provider's own 15 minutes.
 */
export const DEPLOY_BUDGETS = {
  timeoutSeconds: 300,
  triggerTimeoutSeconds: 360,
  litellmRetry: DEFAULT_LITELLM_RETRY_POLICY,
  resume: { budgetMs: 20_000 },
  dataApi: { requestTimeoutMs: 60_000, maxAttempts: 2 },
  /** Wait between two tries of a step. */
  retryDelayMs: 5_000,
  /** What one try may take besides its resume wait and LiteLLM: SQL, Secrets Manager, slack. */
  stepSlackMs: 5_000,
} as const;

/** What the SDK's backoff adds to the attempts of one call that keeps timing out (under a second). */
const SDK_BACKOFF_ALLOWANCE_MS = 1_000;

/** The longest one Data API call that never answers takes before it fails with a reason. */
export function hungDataApiCallMs(budget: DataApiClientBudget): number {
  return budget.maxAttempts * budget.requestTimeoutMs + SDK_BACKOFF_ALLOWANCE_MS;
}

/**
 * The API's worst request: LiteLLM with its retries, then either the resume wait or a hung call
 * (a resuming database answers at once with "resuming", so a first call does one or the other),
 * then the rest of the work.
 */
export function apiWorstCaseMs(): number {
  const database = Math.max(API_BUDGETS.resume.budgetMs, hungDataApiCallMs(API_BUDGETS.dataApi));
  return litellmWorstCaseMs(API_BUDGETS.litellmRetry) + database + API_BUDGETS.otherWorkMs;
}

/** The scheduled sync's worst run: LiteLLM, a full resume wait, a hung call, the rest of the work. */
export function scheduledWorstCaseMs(): number {
  return (
    litellmWorstCaseMs(SCHEDULED_BUDGETS.litellmRetry) +
    SCHEDULED_BUDGETS.resume.budgetMs +
    hungDataApiCallMs(SCHEDULED_BUDGETS.dataApi) +
    SCHEDULED_BUDGETS.otherWorkMs
  );
}

/** One deploy-time migration try at worst: a resume wait plus the slack. */
export function deployMigrationTryMs(resumeBudgetMs: number): number {
  return resumeBudgetMs + DEPLOY_BUDGETS.stepSlackMs;
}

/** One deploy-time sync try at worst: LiteLLM, one resume wait (only the first call waits), the slack. */
export function deploySyncTryMs(litellmRetry: LiteLLMRetryPolicy, resumeBudgetMs: number): number {
  return litellmWorstCaseMs(litellmRetry) + resumeBudgetMs + DEPLOY_BUDGETS.stepSlackMs;
}

/**
 * Publishing change events (functions/commons/events/change-events.ts). A capped run sends at most 11
 * batches, 4 at a time: 3 rounds of ≈ 30 ms each when EventBridge is well. When it is not, no new
 * try or round starts once the total has passed, and a call in flight ends after at most 2 SDK
 * attempts × 1.5 s (see {@link publishWorstCaseMs}). The API's sync may take 23.5 s (above), so it
 * starts no new try after `apiTotalMs`: 23.5 + 1 + 3 = 27.5 s stays under its 28 s timeout. The
 * background functions have time to spare and use `totalMs`.
 */
export const EVENTS_BUDGET = {
  requestTimeoutMs: 1_500,
  sdkMaxAttempts: 2,
  entryAttempts: 3,
  backoffMs: 100,
  totalMs: 4_000,
  apiTotalMs: 1_000,
} as const;

/** The longest publishing takes when no try starts after `totalMs`: a call in flight still ends. */
export function publishWorstCaseMs(totalMs: number): number {
  return totalMs + EVENTS_BUDGET.sdkMaxAttempts * EVENTS_BUDGET.requestTimeoutMs;
}
