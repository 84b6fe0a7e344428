/**
 * The scheduled sync: an EventBridge rule invokes it; it runs one sync with trigger `schedule`.
 * A failed sync fails the invocation (so Lambda's async retries, the dead-letter queue and the
 * error alarm see it); a run skipped because another sync is running does not.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import type { SyncResult } from '../lib/sync/types.js';
import { SCHEDULED_BUDGETS } from './commons/budgets.js';
import { buildOnce, createSyncContainer } from './commons/container.js';
import { logInvocationFailure, SyncFailedError } from './commons/failures.js';
import { readLitellmKey } from './commons/litellm-key.js';
import { logger, metrics } from './commons/powertools.js';
import { reportRun } from './commons/run-report.js';

// No caller waits on a scheduled run: a long resume budget (functions/commons/budgets.ts).
const container = buildOnce(() => createSyncContainer(process.env, SCHEDULED_BUDGETS));

const lambdaHandler = async (_event: ScheduledEvent): Promise<SyncResult> => {
  const { config, service } = container();
  const litellmApiKey = await readLitellmKey(config.litellmKeySecretArn);
  const result = await service.syncModels({ trigger: 'schedule' }, { litellmApiKey });
  reportRun(result);
  if (!result.success && !result.skipped) throw SyncFailedError.fromResult(result);
  return result;
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(logInvocationFailure());
