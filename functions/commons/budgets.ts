/**
 * The time budgets of the three functions, in one place: each handler builds its clients from
 * these numbers and the CDK stack sets the function timeouts, `DB_RESUME_BUDGET_MS` and the
 * trigger timeout from the same ones. Plain numbers only, so `infra/` can import this module
 * without pulling in handler code (and nothing here imports aws-cdk-lib).
 *
 * The arithmetic, per function (resume waits double from `initialDelayMs` up to `maxDelayMs`; the
 * library applies the resume budget per database call, but only a sync's first call waits: a run
 * that fails because the database is still resuming is not recorded, so nothing waits again):
 *
 * - API (API Gateway ends every request at 30 s). LiteLLM 2 × 5 s + ≤ 0.5 s backoff = 10.5 s;
 *   resume 6 s, spent once (waits 1 s + 2 s; the next 4 s would pass 6 s, so it answers 503 with
 *   Retry-After); Secrets Manager and SQL ≈ 2 s. Together ≈ 18.5 s, under a 28 s timeout. A hung
 *   Data API call fails after 2 attempts × 5 s + < 1 s backoff ≈ 11 s (the API's statements are
 *   small; one that needs 5 s would not fit the request anyway): 10.5 + 2 + 11 = 23.5 s < 28 s, so
 *   the caller gets a 500 with a request id instead of API Gateway's bare 503.
 * - Scheduled (nobody waits). LiteLLM library defaults 3 × 10 s + ≤ 1.5 s = 31.5 s; resume 60 s,
 *   spent once; a hung Data API call fails after 2 × 60 s + < 1 s ≈ 121 s. Worst case
 *   31.5 + 60 + 121 + ≈ 5 s of SQL and Secrets Manager ≈ 218 s, under a 300 s timeout.
 * - Deploy (a thrown error fails the deployment). Resume 20 s per call; the handler retries whole
 *   steps every 5 s while another try still fits, counting 5 s of slack per try (SQL, Secrets
 *   Manager). One migration try ≤ 20 + 5 = 25 s; one sync try ≤ 31.5 (LiteLLM defaults) + 20 + 5 =
 *   56.5 s. A migration try only starts while 25 + 56.5 = 81.5 s remain (the sync keeps its time),
 *   a sync try while 56.5 s remain. With a 300 s timeout the migrations ride out ≈ 300 − 81.5 ≈
 *   218 s of resuming (Aurora takes ≈ 15 s, 30 s+ after a long pause). A hung Data API call
 *   (≈ 121 s, as above) that starts in the first ≈ 175 s still fails the deploy with its reason
 *   rather than "Task timed out".
 *   The trigger waits synchronously for the function: 300 s + 60 s for the cold start and the
 *   invoke itself = 360 s, well under the trigger provider's own 15 minutes.
 *
 * Data API request timeouts: the Data API cancels a statement after 45 s, so the scheduled and
 * deploy functions wait 60 s for an answer (a slow statement reports its own error first); the
 * API must stay far below its 28 s. A timed-out request is a transient error the SDK retries, so
 * `maxAttempts` is part of the arithmetic: 2 (one retry) everywhere.
 */

/** The manual sync API (`functions/sync-api.ts`). */
export const API_BUDGETS = {
  timeoutSeconds: 28,
  litellmRetry: { timeoutMs: 5_000, maxAttempts: 2, backoffBaseMs: 500 },
  resume: { budgetMs: 6_000, initialDelayMs: 1_000, maxDelayMs: 4_000 },
  dataApi: { requestTimeoutMs: 5_000, maxAttempts: 2 },
} as const;

/** The scheduled sync (`functions/scheduled-sync.ts`); LiteLLM uses the library defaults. */
export const SCHEDULED_BUDGETS = {
  timeoutSeconds: 300,
  resume: { budgetMs: 60_000 },
  dataApi: { requestTimeoutMs: 60_000, maxAttempts: 2 },
} as const;

/** The deploy-time function (`functions/deploy-sync.ts`); LiteLLM uses the library defaults. */
export const DEPLOY_BUDGETS = {
  timeoutSeconds: 300,
  triggerTimeoutSeconds: 360,
  resume: { budgetMs: 20_000 },
  dataApi: { requestTimeoutMs: 60_000, maxAttempts: 2 },
  /** Wait between two tries of a step. */
  retryDelayMs: 5_000,
  /** What one try may take besides its resume wait and LiteLLM: SQL, Secrets Manager, slack. */
  stepSlackMs: 5_000,
} as const;

/** How the Data API client of a function gives up on a call that does not answer. */
export interface DataApiClientBudget {
  /** Longest one HTTP request may take before it fails with a `TimeoutError`. */
  readonly requestTimeoutMs: number;
  /** Attempts per call, the first included (a timed-out request is retried as transient). */
  readonly maxAttempts: number;
}

/**
 * Publishing change events (functions/commons/change-events.ts), the same in every function. A
 * capped run sends at most 11 batches, 4 at a time: 3 rounds of ≈ 30 ms each when EventBridge is
 * well. When it is not, no new try or round starts once `totalMs` has passed, and a call in flight
 * ends after at most 2 SDK attempts × 1.5 s: publishing takes ≤ 4 + 3 = 7 s. The API's sync ends by
 * ≈ 18.5 s (see above), so 25.5 s stays under its 28 s timeout.
 */
export const EVENTS_BUDGET = {
  requestTimeoutMs: 1_500,
  sdkMaxAttempts: 2,
  entryAttempts: 3,
  backoffMs: 100,
  totalMs: 4_000,
} as const;
