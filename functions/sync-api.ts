/**
 * The sync API's write side, behind an API Gateway HTTP API (payload format 2.0):
 * `POST /sync` starts a sync, `POST /sync/force` forces one (a separately grantable route).
 * With `Prefer: respond-async` the run is recorded as `running` and handed to the scheduled
 * function (202 + `Location`: a background run, functions/commons/background-run/); otherwise it runs here and its change events are published after it.
 * Every route has an IAM or JWT authorizer; the caller's identity is recorded with the run it
 * starts. Each request is checked (identity, route, scope, body) before anything else, so a
 * refused request reads no key and starts nothing; then the LiteLLM key is read, where it is used.
 * The read routes are served by `sync-read-api.ts`, which has no access to the key at all.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { prefersAsync, startBackgroundRun } from './commons/background-run/start-background-run.js';
import { API_BUDGETS, EVENTS_BUDGET } from './commons/setup/budgets.js';
import { buildOnce, createSyncContainer } from './commons/setup/container.js';
import { httpErrorAnswer } from './commons/http/error-answer.js';
import { readJwtScopes } from './commons/http/scopes.js';
import { parseStartRequest } from './commons/http/start-request.js';
import { syncResultResponse } from './commons/http/sync-status.js';
import { logger, metrics } from './commons/observability/powertools.js';
import { runSync } from './commons/sync/run-sync.js';

// Budgets that keep a request inside API Gateway's 30 s (functions/commons/setup/budgets.ts).
const container = buildOnce(() =>
  createSyncContainer(process.env, { ...API_BUDGETS, eventsTotalMs: EVENTS_BUDGET.apiTotalMs }),
);
// Read at load, like the container; a bad JWT_SCOPE_* is thrown to each request (a logged 500), not a failed init.
const scopes = buildOnce(() => readJwtScopes(process.env));

const lambdaHandler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.appendKeys({ apiRequestId: event.requestContext.requestId, routeKey: event.routeKey });
  const request = parseStartRequest(event, scopes());
  const ready = container();
  // A dry run records nothing a caller could poll: it is always answered at once.
  const worker = ready.config.asyncSyncFunctionName;
  if (worker !== undefined && prefersAsync(event) && request.options.dryRun !== true) {
    return startBackgroundRun(event, ready, worker, request);
  }
  const result = await runSync(ready, { ...request.options, trigger: 'manual', requestedBy: request.requestedBy });
  return syncResultResponse(result, event.requestContext.requestId);
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(httpErrorAnswer());
