import type { Context } from 'aws-lambda';
import { logger } from './powertools.js';

/** When to try again and how long one try may take at worst. */
export interface DeadlineRetryPolicy {
  /** Wait between tries. */
  delayMs: number;
  /** Longest one try can take; a try is only started when this much time is left after the wait. */
  attemptWorstCaseMs: number;
  /** What is being retried, for the logs. */
  what: string;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `attempt` until `shouldRetry` says its outcome is final, as long as another try (wait
 * included) still fits in the invocation's remaining time; then returns the last outcome, or
 * rethrows the last error. Used by the deploy-time function, whose failure fails the deployment,
 * to ride out a database that is resuming from auto-pause or a sync that holds the lock.
 */
export async function retryWithinDeadline<T>(
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  policy: DeadlineRetryPolicy,
  attempt: () => Promise<T>,
  shouldRetry: (outcome: { value: T } | { error: unknown }) => boolean,
): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: await attempt() };
    } catch (error) {
      outcome = { error };
    }
    const fits = context.getRemainingTimeInMillis() - policy.delayMs > policy.attemptWorstCaseMs;
    if (!shouldRetry(outcome) || !fits) {
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    }
    logger.warn(`Retrying ${policy.what}`, { tries, delayMs: policy.delayMs });
    await sleep(policy.delayMs);
  }
}
