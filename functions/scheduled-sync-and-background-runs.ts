/**
 * The scheduled function's two jobs, as its name says:
 * - the scheduled sync: an EventBridge rule invokes it; it runs one sync with trigger `schedule`.
 *   A failed sync fails the invocation (so Lambda's async retries, the dead-letter queue and the
 *   error alarm see it); a run skipped because another sync is running does not.
 * - background runs: the start API invokes it asynchronously to complete a `POST /sync` answered
 *   202 (`Prefer: respond-async`; functions/commons/background-run/, the story in
 *   docs/functions.md). It has this function's 300 s budget, not API Gateway's 30 s.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import type { SyncResult } from '../lib/sync/types.js';
import { completeBackgroundRun } from './commons/background-run/complete-background-run.js';
import { isBackgroundRunEvent } from './commons/background-run/run-event.js';
import type { BackgroundRunEvent } from './commons/background-run/run-event.js';
import { SCHEDULED_BUDGETS } from './commons/setup/budgets.js';
import { buildOnce, createSyncContainer } from './commons/setup/container.js';
import { logInvocationFailure, SyncFailedError } from './commons/sync/failures.js';
import { logger, metrics } from './commons/observability/powertools.js';
import { runSync } from './commons/sync/run-sync.js';

// No caller waits on a scheduled run: a long resume budget (functions/commons/setup/budgets.ts).
const container = buildOnce(() => createSyncContainer(process.env, SCHEDULED_BUDGETS));

const lambdaHandler = async (event: ScheduledEvent | BackgroundRunEvent): Promise<SyncResult | undefined> => {
  const ready = container();
  if (isBackgroundRunEvent(event)) return completeBackgroundRun(event, ready);
  const result = await runSync(ready, { trigger: 'schedule' });
  if (!result.success && !result.skipped) throw SyncFailedError.fromResult(result);
  return result;
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(logInvocationFailure());
