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
import type { SyncResult } from '../lib/sync/types.js';
import { isAsyncRunEvent } from './commons/background-run/run-event.js';
import type { AsyncRunEvent } from './commons/background-run/run-event.js';
import { SCHEDULED_BUDGETS } from './commons/setup/budgets.js';
import { buildOnce, createSyncContainer } from './commons/setup/container.js';
import type { SyncContainer } from './commons/setup/container.js';
import { logInvocationFailure, reportUnrecordedFailure, SyncFailedError } from './commons/sync/failures.js';
import { logger, metrics } from './commons/observability/powertools.js';
import { runSync } from './commons/sync/run-sync.js';

// No caller waits on a scheduled run: a long resume budget (functions/commons/setup/budgets.ts).
const container = buildOnce(() => createSyncContainer(process.env, SCHEDULED_BUDGETS));

/** What a background run that could not finish its own record leaves in it. */
const UNFINISHED_BACKGROUND_RUN = {
  key: 'The LiteLLM key could not be read, so the background sync did not run; check the key secret, then try again.',
  resuming: 'The database was still resuming, so the background sync did not run; try again in a minute.',
};

/**
 * A `POST /sync` answered 202 (`Prefer: respond-async`): runs the sync for the run already recorded
 * as `running`, which the result completes. It never fails the invocation: a Lambda retry would
 * run it a second time. A run that cannot record itself (no key, a database still resuming) is
 * ended with the reason, so it neither stays `running` nor blocks the next start.
 */
async function completeAsyncRun({ asyncRun }: AsyncRunEvent, ready: SyncContainer): Promise<SyncResult | undefined> {
  const { runId, requestedBy, options } = asyncRun;
  let result: SyncResult;
  try {
    result = await runSync(ready, { ...options, trigger: 'manual', requestedBy, runId });
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

const lambdaHandler = async (event: ScheduledEvent | AsyncRunEvent): Promise<SyncResult | undefined> => {
  const ready = container();
  if (isAsyncRunEvent(event)) return completeAsyncRun(event, ready);
  const result = await runSync(ready, { trigger: 'schedule' });
  if (!result.success && !result.skipped) throw SyncFailedError.fromResult(result);
  return result;
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(logInvocationFailure());
