import type { SyncOptions } from '../../../lib/sync/types.js';

// Its own module, without the Lambda SDK client, so the scheduled function's bundle stays small.

/**
 * The payload the API sends the scheduled function for a `Prefer: respond-async` sync (the
 * background run; the story: docs/functions.md, "POST /sync with Prefer: respond-async").
 */
export interface BackgroundRunEvent {
  asyncRun: { runId: string; options: SyncOptions; requestedBy: string };
}

/** Whether an invocation of the scheduled function is a background run rather than the schedule's. */
export function isBackgroundRunEvent(event: unknown): event is BackgroundRunEvent {
  const run = (event as { asyncRun?: { runId?: unknown } } | null)?.asyncRun;
  return typeof run?.runId === 'string';
}
