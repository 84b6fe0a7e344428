// Its own module, without the Lambda SDK client, so the scheduled function's bundle stays small.
import { isRunId } from '../../../lib/sync/run-id.js';

/**
 * The payload the API sends the scheduled function for a `Prefer: respond-async` sync (the
 * background run; the story: docs/functions.md, "POST /sync with Prefer: respond-async"): the run
 * id and nothing else. Whoever may invoke the function could write any payload, so the worker
 * takes the caller and the options from the run the API recorded as `running`, never from here.
 */
export interface BackgroundRunEvent {
  asyncRun: { runId: string };
}

/** An event that asks for a background run; what it carries is checked by {@link backgroundRunIdOf}. */
export interface BackgroundRunRequest {
  asyncRun: unknown;
}


/** Whether an invocation of the scheduled function asks for a background run (it has an `asyncRun` field, well-formed or not). */
export function isBackgroundRunRequest(event: unknown): event is BackgroundRunRequest {
  return event !== null && typeof event === 'object' && 'asyncRun' in event;
}

/** The run id of a background-run request, or undefined when it carries no run id (a UUID). */
export function backgroundRunIdOf({ asyncRun }: BackgroundRunRequest): string | undefined {
  const runId = (asyncRun as { runId?: unknown } | null)?.runId;
  return typeof runId === 'string' && isRunId(runId) ? runId : undefined;
}

/** Whether an event is what the schedule rule delivers (EventBridge `Scheduled Event`). */
export function isScheduledEvent(event: unknown): boolean {
  const fields = event as { source?: unknown; 'detail-type'?: unknown } | null;
  return fields?.source === 'aws.events' && fields['detail-type'] === 'Scheduled Event';
}
