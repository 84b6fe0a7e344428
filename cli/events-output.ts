import { buildSyncEvents, deliveredShape } from '../lib/events/build-events.js';
import type { SyncResult } from '../lib/sync/types.js';

/**
 * `--events`: the events the Lambda functions would publish to EventBridge for this run, in the
 * shape rules and targets receive (docs/events.md). The same pure function builds them, so what
 * the CLI prints is what a deployed sync sends. Printed as one JSON array (`--json`: added to the
 * result document as `events`).
 */
export function eventsOf(result: SyncResult, requestedBy: string): ReturnType<typeof deliveredShape>[] {
  return buildSyncEvents(result, { requestedBy }).map(deliveredShape);
}

/** The human output of `--events`: a heading and the JSON array. */
export function formatEvents(events: ReturnType<typeof deliveredShape>[], dryRun: boolean): string {
  if (events.length === 0) {
    return dryRun ? 'Events: none (a dry run publishes nothing).' : 'Events: none (the run changed nothing).';
  }
  return `Events (${events.length}):\n${JSON.stringify(events, null, 2)}`;
}
