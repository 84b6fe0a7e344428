import { backoffDelayMs, sleep } from '../../backoff.js';
import { DatabaseResumingError } from '../../errors.js';
import { errorName, toSyncError } from './errors.js';

/** How long to wait for an auto-paused Aurora Serverless v2 writer to resume. */
export interface ResumePolicy {
  /** Total time one call may spend waiting for the database to resume. @default 30000 */
  budgetMs: number;
  /** First wait between tries; doubles up to `maxDelayMs`. @default 1000 */
  initialDelayMs: number;
  /** @default 5000 */
  maxDelayMs: number;
  /** What to tell callers when the budget is spent. @default 15 */
  retryAfterSeconds: number;
}

export const DEFAULT_RESUME_POLICY: ResumePolicy = {
  budgetMs: 30_000,
  initialDelayMs: 1_000,
  maxDelayMs: 5_000,
  retryAfterSeconds: 15,
};

/**
 * Sends one Data API call, retrying a `DatabaseResumingException` (which the SDK does not retry)
 * with backoff within the resume budget, then reporting "database is resuming, retry in N s".
 * Any other failure is translated into a `SyncError`.
 */
export async function withResumeRetry<T>(policy: ResumePolicy, send: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const backoff = { firstMs: policy.initialDelayMs, maxMs: policy.maxDelayMs };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (errorName(error) !== 'DatabaseResumingException') throw toSyncError(error);
      const delay = backoffDelayMs(attempt + 1, backoff);
      // The stop rule: no wait that would end past the budget.
      if (Date.now() - started + delay > policy.budgetMs) {
        throw new DatabaseResumingError(policy.retryAfterSeconds, { cause: error });
      }
      await sleep(delay);
    }
  }
}
