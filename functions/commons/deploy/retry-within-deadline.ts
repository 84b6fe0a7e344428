import { sleep } from '../../../lib/backoff.js';
import type { Context } from 'aws-lambda';
import { logger } from '../observability/powertools.js';

/** When to try again and how long one try may take at worst (a fixed wait: the deadline is the stop rule). */
export interface DeadlineRetryPolicy {
  /** Wait between tries. */
  delayMs: number;
  /** Longest one try can take; a try is only started when this much time (plus `reserveMs`) is left. */
  attemptWorstCaseMs: number;
  /** Time kept for the steps that follow this one (e.g. the sync after the migrations). @default 0 */
  reserveMs?: number;
  /** What is being retried, for the logs. */
  what: string;
}

/** Thrown when not even the first try fits in the invocation's remaining time. */
class DeadlineTooShortError extends Error {
  constructor(what: string, remainingMs: number, neededMs: number) {
    super(
      `Not enough time left for ${what}: ${remainingMs} ms remain, one try needs up to ${neededMs} ms ` +
        '(its worst case plus the time kept for the steps after it). Raise the function timeout ' +
        '(functions/commons/setup/budgets.ts) or lower DB_RESUME_BUDGET_MS.',
    );
    this.name = 'DeadlineTooShortError';
  }
}

/**
 * Runs `attempt` until `shouldRetry` says its outcome is final, as long as another try (wait
 * included) still fits in the invocation's remaining time; then returns the last outcome, or
 * rethrows the last error, so a deployment fails with the real reason. The remaining time is
 * checked before every try: when not even the first fits, it throws {@link DeadlineTooShortError}
 * at once rather than let Lambda end the invocation with "Task timed out". Used by the
 * deploy-time function, whose failure fails the deployment, to ride out a database that is
 * resuming from auto-pause or a sync that holds the lock.
 */
export async function retryWithinDeadline<T>(
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  policy: DeadlineRetryPolicy,
  attempt: () => Promise<T>,
  shouldRetry: (outcome: { value: T } | { error: unknown }) => boolean,
): Promise<T> {
  const neededMs = policy.attemptWorstCaseMs + (policy.reserveMs ?? 0);
  const remainingMs = context.getRemainingTimeInMillis();
  if (remainingMs < neededMs) throw new DeadlineTooShortError(policy.what, remainingMs, neededMs);
  for (let tries = 1; ; tries += 1) {
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: await attempt() };
    } catch (error) {
      outcome = { error };
    }
    const fits = context.getRemainingTimeInMillis() - policy.delayMs >= neededMs;
    if (!shouldRetry(outcome) || !fits) {
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    }
    logger.warn(`Retrying ${policy.what}`, { tries, delayMs: policy.delayMs });
    await sleep(policy.delayMs);
  }
}
