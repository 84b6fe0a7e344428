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
import { isAsyncRunEvent } from './commons/async-run-event.js';
import type { AsyncRunEvent } from './commons/async-run-event.js';
import { SCHEDULED_BUDGETS } from './commons/budgets.js';
import { publishChangeEvents } from './commons/change-events.js';
import { buildOnce, createSyncContainer } from './commons/container.js';
import type { SyncContainer } from './commons/container.js';
import { logInvocationFailure, SyncFailedError } from './commons/failures.js';
import { readLitellmKey } from './commons/litellm-key.js';
import { logger, metrics } from './commons/powertools.js';
import { reportRun } from './commons/run-report.js';

// No caller waits on a scheduled run: a long resume budget (functions/commons/budgets.ts).
const container = buildOnce(() => createSyncContainer(process.env, SCHEDULED_BUDGETS));

/**
 * A `POST /sync` answered 202 (`Prefer: respond-async`): runs the sync for the run already recorded
 * as `running`, which the result completes. A failed run does not fail the invocation: it is
 * recorded and visible at `GET /sync/runs/{id}`, and a Lambda retry would run it a second time.
 */
async function completeAsyncRun({ asyncRun }: AsyncRunEvent, { config, service, events }: SyncContainer): Promise<SyncResult> {
  const litellmApiKey = await readLitellmKey(config.litellmKeySecretArn);
  const result = await service.syncModels(
    { ...asyncRun.options, trigger: 'manual', requestedBy: asyncRun.requestedBy, runId: asyncRun.runId },
    { litellmApiKey },
  );
  reportRun(result);
  await publishChangeEvents(events, service, result, asyncRun.requestedBy);
  return result;
}

const lambdaHandler = async (event: ScheduledEvent | AsyncRunEvent): Promise<SyncResult> => {
  const ready = container();
  if (isAsyncRunEvent(event)) return completeAsyncRun(event, ready);
  const { config, service, events } = ready;
  const litellmApiKey = await readLitellmKey(config.litellmKeySecretArn);
  const result = await service.syncModels({ trigger: 'schedule' }, { litellmApiKey });
  reportRun(result);
  await publishChangeEvents(events, service, result);
  if (!result.success && !result.skipped) throw SyncFailedError.fromResult(result);
  return result;
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(logInvocationFailure());
