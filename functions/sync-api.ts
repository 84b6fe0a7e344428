/**
 * The manual sync API behind an API Gateway HTTP API (payload format 2.0):
 * `POST /sync`, `GET /sync/runs?limit=N`, `GET /sync/runs/{runId}` and `GET /sync/status`. Every route has an IAM or
 * JWT authorizer; the caller's identity is recorded with the run it starts. Each request is
 * checked (identity, route, input) before anything else, and only `POST /sync` fetches the
 * LiteLLM key: a refused request or a run-history read never depends on Secrets Manager.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DEFAULT_RESUME_POLICY } from '../lib/db/data-api-adapter.js';
import type { SyncOptions } from '../lib/sync/types.js';
import { API_BUDGETS } from './commons/budgets.js';
import { prefersAsync, startAsyncSync } from './commons/async-sync.js';
import { publishChangeEvents } from './commons/change-events.js';
import { createContainer } from './commons/container.js';
import { composeHandler } from './commons/handler.js';
import type { ReadyContainer } from './commons/handler.js';
import { apiRequestFrom, needsLitellmKey, validateApiRequest } from './commons/http/api-request.js';
import { answerSyncStatus } from './commons/http/answer-sync-status.js';
import { httpErrorAnswer } from './commons/http/error-answer.js';
import { HttpProblem } from './commons/http/http-problem.js';
import { errorResponse, INTERNAL_ERROR_MESSAGE, jsonResponse } from './commons/http/responses.js';
import { answerForResult } from './commons/http/sync-status.js';
import { litellmKeyFrom } from './commons/litellm-key.js';
import { reportRun } from './commons/run-report.js';

// Budgets that keep a request inside API Gateway's 30 s; the arithmetic is in
// functions/commons/budgets.ts, which the stack reads for the function timeout too.
const container = createContainer(process.env, {
  litellmRetry: API_BUDGETS.litellmRetry,
  resumePolicy: { ...DEFAULT_RESUME_POLICY, ...API_BUDGETS.resume },
  dataApi: API_BUDGETS.dataApi,
});

async function startSync(
  event: APIGatewayProxyEventV2,
  context: Context,
  { service, events }: ReadyContainer,
  request: { requestedBy: string; options: SyncOptions },
): Promise<APIGatewayProxyStructuredResultV2> {
  const result = await service.syncModels(
    { ...request.options, trigger: 'manual', requestedBy: request.requestedBy },
    { litellmApiKey: litellmKeyFrom(context) },
  );
  reportRun(result);
  await publishChangeEvents(events, service, result, request.requestedBy);
  const answer = answerForResult(result);
  if (!answer.showResult) {
    return errorResponse(answer.status, INTERNAL_ERROR_MESSAGE, event.requestContext.requestId);
  }
  return jsonResponse(answer.status, result, answer.headers);
}

async function syncApi(
  event: APIGatewayProxyEventV2,
  context: Context,
  ready: ReadyContainer,
): Promise<APIGatewayProxyStructuredResultV2> {
  const request = apiRequestFrom(context);
  // validateApiRequest() runs before the handler and either sets it or answers the request itself.
  if (request === undefined) throw new Error('The request was not validated: validateApiRequest() is missing.');
  switch (request.action) {
    case 'start-sync': {
      // A dry run records nothing a caller could poll: it is always answered at once.
      const worker = ready.config.asyncSyncFunctionName;
      if (worker !== undefined && prefersAsync(event) && request.options.dryRun !== true) {
        return startAsyncSync(event, ready, worker, request);
      }
      return startSync(event, context, ready, request);
    }
    case 'list-runs':
      return jsonResponse(200, { runs: await ready.service.listRuns(request.limit) });
    case 'get-run': {
      const run = await ready.service.getRun(request.runId);
      if (run === undefined) throw new HttpProblem(404, `No sync run has the id ${request.runId}.`);
      return jsonResponse(200, run);
    }
    case 'sync-status':
      return answerSyncStatus(ready);
  }
}

export const handler = composeHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(
  container,
  syncApi,
  [httpErrorAnswer()],
  { validate: [validateApiRequest()], needsLitellmKey },
);
