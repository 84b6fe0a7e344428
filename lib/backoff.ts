import { setTimeout as sleepFor } from 'node:timers/promises';

/** How the wait between tries grows: it starts at `firstMs` and doubles, up to `maxMs`. */
export interface Backoff {
  /** The wait before the second try. */
  readonly firstMs: number;
  /** The longest wait. @default Infinity */
  readonly maxMs?: number;
}

/**
 * The wait before try `attempt` (1 is the first try, which waits for nothing): `firstMs` before
 * the second, doubling after each, at most `maxMs`. The one backoff of the loops that retry — the
 * LiteLLM client, the Data API's resume wait, the change-event publisher; each keeps its own rule
 * for when to stop (attempts, a time budget, a deadline).
 *
 * @example
 * [1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, { firstMs: 1_000, maxMs: 3_000 })); // [0, 1000, 2000, 3000]
 */
export function backoffDelayMs(attempt: number, backoff: Backoff): number {
  if (attempt < 2) return 0;
  return Math.min(backoff.firstMs * 2 ** (attempt - 2), backoff.maxMs ?? Infinity);
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return sleepFor(ms);
}
