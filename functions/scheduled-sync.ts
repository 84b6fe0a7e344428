/**
 * The scheduled sync: an EventBridge rule invokes it; it runs one sync with trigger `schedule`.
 * The start API also invokes it (asynchronously) to complete a `POST /sync` answered 202.
 * A failed sync fails the invocation (so Lambda's async retries, the dead-letter queue and the
 * error alarm see it); a run skipped because another sync is running does not.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import type { RunningRun } from '../lib/sync/run-store.js';
import type { SyncResult } from '../lib/sync/types.js';
import { asyncRunIdOf, isAsyncRunRequest, isScheduledEvent } from './commons/async-run-event.js';
import type { AsyncRunEvent, AsyncRunRequest } from './commons/async-run-event.js';
import { SCHEDULED_BUDGETS } from './commons/budgets.js';
import { buildOnce, createSyncContainer } from './commons/container.js';
import type { SyncContainer } from './commons/container.js';
import { logInvocationFailure, reportUnrecordedFailure, SyncFailedError } from './commons/failures.js';
import { logger, metrics } from './commons/powertools.js';
import { runSync } from './commons/run-sync.js';

// No caller waits on a scheduled run: a long resume budget (functions/commons/budgets.ts).
const container = buildOnce(() => createSyncContainer(process.env, SCHEDULED_BUDGETS));

/** What a background run that could not finish its own record leaves in it. */
const UNFINISHED_BACKGROUND_RUN = {
  key: 'The LiteLLM key could not be read, so the background sync did not run; check the key secret, then try again.',
  resuming: 'The database was still resuming, so the background sync did not run; try again in a minute.',
  unread: 'The run could not be read from the database, so the background sync did not run; try again.',
};

/**
 * A `POST /sync` answered 202 (`Prefer: respond-async`): runs the sync for the run the API recorded
 * as `running`, which the result completes. The event names the run and nothing else is taken from
 * it: the caller and the options come from the run row, so a forged invoke can neither force a sync
 * nor name its caller, and an unknown, finished or expired run id does nothing but log a warning.
 * It never fails the invocation: a Lambda retry would run it a second time. A run that cannot
 * record itself (no key, a database still resuming) is ended with the reason, so it neither stays
 * `running` nor blocks the next start.
 */
async function completeAsyncRun(request: AsyncRunRequest, ready: SyncContainer): Promise<SyncResult | undefined> {
  const runId = asyncRunIdOf(request);
  if (runId === undefined) {
    logger.warn('Background run ignored: the event names no run id; nothing was synced');
    return undefined;
  }
  let run: RunningRun | undefined;
  try {
    run = await ready.service.readRunningRun(runId);
  } catch (error) {
    reportUnrecordedFailure('manual', error);
    await endRun(ready, runId, UNFINISHED_BACKGROUND_RUN.unread);
    return undefined;
  }
  if (run === undefined) {
    logger.warn('Background run ignored: no run with this id is running (unknown, finished or expired); nothing was synced', { runId });
    return undefined;
  }
  let result: SyncResult;
  try {
    result = await runSync(ready, { ...run.options, trigger: 'manual', requestedBy: run.requestedBy, runId });
  } catch (error) {
    reportUnrecordedFailure('manual', error);
    await endRun(ready, runId, UNFINISHED_BACKGROUND_RUN.key);
    return undefined;
  }
  if (result.failureReason === 'database-resuming') await endRun(ready, runId, UNFINISHED_BACKGROUND_RUN.resuming);
  return result;
}

/** Marks a background run failed; a database that refuses that too leaves it to expire (`lost`). */
async function endRun({ service }: SyncContainer, runId: string, message: string): Promise<void> {
  await service.abandonRun(runId, message).catch((error: unknown) => logger.error('Could not mark the run failed', { runId, error }));
}

/**
 * Runs a scheduled sync for the schedule rule's event and a background run for the API's; any
 * other event (a direct invoke with a payload of its own) does nothing but log a warning.
 */
const lambdaHandler = async (event: ScheduledEvent | AsyncRunEvent): Promise<SyncResult | undefined> => {
  const ready = container();
  if (isAsyncRunRequest(event)) return completeAsyncRun(event, ready);
  if (!isScheduledEvent(event)) {
    logger.warn('Invocation ignored: the event is neither the schedule rule\'s nor a background run; nothing was synced');
    return undefined;
  }
  const result = await runSync(ready, { trigger: 'schedule' });
  if (!result.success && !result.skipped) throw SyncFailedError.fromResult(result);
  return result;
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(logInvocationFailure());
