import type { SyncOptions } from '../../../lib/sync/types.js';

// Its own module, without the Lambda SDK client, so the scheduled function's bundle stays small.

/** The payload the API sends the scheduled function for a `Prefer: respond-async` sync. */
export interface AsyncRunEvent {
  asyncRun: { runId: string; options: SyncOptions; requestedBy: string };
}

export function isAsyncRunEvent(event: unknown): event is AsyncRunEvent {
  const run = (event as { asyncRun?: { runId?: unknown } } | null)?.asyncRun;
  return typeof run?.runId === 'string';
}
