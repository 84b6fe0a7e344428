/**
 * The scheduled sync: an EventBridge rule invokes it; it runs one sync with trigger `schedule`.
 * The API also invokes it (asynchronously) to complete a `POST /sync` answered 202.
 * A failed sync fails the invocation (so Lambda's async retries, the dead-letter queue and the
 * error alarm see it); a run skipped because another sync is running does not.
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { DEFAULT_RESUME_POLICY } from '../lib/db/data-api-adapter.js';
import { DEFAULT_LITELLM_RETRY_POLICY } from '../lib/litellm/client.js';
import type { SyncResult } from '../lib/sync/types.js';
import { SCHEDULED_BUDGETS } from './commons/budgets.js';
import { isAsyncRunEvent } from './commons/async-run-event.js';
import type { AsyncRunEvent } from './commons/async-run-event.js';
import { publishChangeEvents } from './commons/change-events.js';
import { createContainer } from './commons/container.js';
import { logInvocationFailure, SyncFailedError } from './commons/failures.js';
import { composeHandler } from './commons/handler.js';
import type { ReadyContainer } from './commons/handler.js';
import { litellmKeyFrom } from './commons/litellm-key.js';
import { reportRun } from './commons/run-report.js';

// No caller waits on a scheduled run: LiteLLM gets the library defaults, the database a long
// resume budget (the arithmetic is in functions/commons/budgets.ts).
const container = createContainer(process.env, {
  litellmRetry: DEFAULT_LITELLM_RETRY_POLICY,
  resumePolicy: { ...DEFAULT_RESUME_POLICY, ...SCHEDULED_BUDGETS.resume },
  dataApi: SCHEDULED_BUDGETS.dataApi,
});

async function scheduledSync(
  event: ScheduledEvent | AsyncRunEvent,
  context: Context,
  { service, events }: ReadyContainer,
): Promise<SyncResult> {
  if (isAsyncRunEvent(event)) return completeAsyncRun(event, context, service, events);
  const result = await service.syncModels({ trigger: 'schedule' }, { litellmApiKey: litellmKeyFrom(context) });
  reportRun(result);
  await publishChangeEvents(events, service, result);
  if (!result.success && !result.skipped) throw SyncFailedError.fromResult(result);
  return result;
}

/**
 * A `POST /sync` answered 202 (`Prefer: respond-async`): runs the sync for the run already recorded
 * as `running`, which the result completes. A failed run does not fail the invocation: it is
 * recorded and visible at `GET /sync/runs/{id}`, and a Lambda retry would run it a second time.
 */
async function completeAsyncRun(
  { asyncRun }: AsyncRunEvent,
  context: Context,
  service: ReadyContainer['service'],
  events: ReadyContainer['events'],
): Promise<SyncResult> {
  const result = await service.syncModels(
    { ...asyncRun.options, trigger: 'manual', requestedBy: asyncRun.requestedBy, runId: asyncRun.runId },
    { litellmApiKey: litellmKeyFrom(context) },
  );
  reportRun(result);
  await publishChangeEvents(events, service, result, asyncRun.requestedBy);
  return result;
}

export const handler = composeHandler<ScheduledEvent | AsyncRunEvent, SyncResult>(container, scheduledSync, [logInvocationFailure()]);
