/**
 * The manual sync API behind an API Gateway HTTP API (payload format 2.0):
 * `POST /sync`, `GET /sync/runs?limit=N` and `GET /sync/runs/{runId}`. Every route has an IAM or
 * JWT authorizer; the caller's identity is recorded with the run it starts.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DEFAULT_RESUME_POLICY } from '../lib/db/data-api-adapter.js';
import { createContainer } from './commons/container.js';
import { composeHandler } from './commons/handler.js';
import type { ReadyContainer } from './commons/handler.js';
import { callerIdentity } from './commons/http/caller-identity.js';
import { httpErrorAnswer } from './commons/http/error-answer.js';
import { HttpProblem } from './commons/http/http-problem.js';
import { errorResponse, INTERNAL_ERROR_MESSAGE, jsonResponse } from './commons/http/responses.js';
import { matchRoute } from './commons/http/routes.js';
import { parseRunId, parseRunsLimit } from './commons/http/run-queries.js';
import { parseSyncRequestBody } from './commons/http/sync-request-body.js';
import { answerForResult } from './commons/http/sync-status.js';
import { litellmKeyFrom } from './commons/litellm-key.js';
import { logger } from './commons/powertools.js';
import { reportRun } from './commons/run-report.js';

/**
 * Budgets that keep a request well inside API Gateway's 30 s integration timeout (README, "Time
 * budgets"): LiteLLM at most 2 attempts × 5 s + 0.5 s backoff = 10.5 s; the database resume wait at
 * most 6 s, spent once (the first call wakes the cluster; a run that finds it still resuming is
 * not recorded, which would wait again). Together 16.5 s, plus a second or two of Secrets Manager
 * and SQL, under a 28 s function timeout.
 */
export const API_BUDGETS = {
  litellmRetry: { timeoutMs: 5_000, maxAttempts: 2, backoffBaseMs: 500 },
  resumePolicy: { ...DEFAULT_RESUME_POLICY, budgetMs: 6_000, initialDelayMs: 1_000, maxDelayMs: 4_000 },
};

const container = createContainer(process.env, API_BUDGETS);

async function startSync(
  event: APIGatewayProxyEventV2,
  context: Context,
  { service }: ReadyContainer,
  requestedBy: string,
): Promise<APIGatewayProxyStructuredResultV2> {
  const options = parseSyncRequestBody(event);
  const result = await service.syncModels(
    { ...options, trigger: 'manual', requestedBy },
    { litellmApiKey: litellmKeyFrom(context) },
  );
  reportRun(result);
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
  logger.appendKeys({ apiRequestId: event.requestContext.requestId, routeKey: event.routeKey });
  const requestedBy = callerIdentity(event);
  if (requestedBy === undefined) {
    throw new HttpProblem(403, 'This API needs an authorized caller (IAM or JWT); the request carried no identity.');
  }
  const route = matchRoute(event);
  switch (route?.name) {
    case 'start-sync':
      return startSync(event, context, ready, requestedBy);
    case 'list-runs':
      return jsonResponse(200, { runs: await ready.service.listRuns(parseRunsLimit(event)) });
    case 'get-run': {
      const runId = parseRunId(route.runId);
      const run = await ready.service.getRun(runId);
      if (run === undefined) throw new HttpProblem(404, `No sync run has the id ${runId}.`);
      return jsonResponse(200, run);
    }
    default:
      throw new HttpProblem(404, 'No such route: use POST /sync, GET /sync/runs or GET /sync/runs/{runId}.');
  }
}

export const handler = composeHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(
  container,
  syncApi,
  [httpErrorAnswer()],
);
