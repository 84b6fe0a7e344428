/**
 * The sync API's read side: `GET /sync/runs?limit=N`, `GET /sync/runs/{runId}`,
 * `GET /sync/runs/{runId}/changes`, `GET /sync/models/{modelId}/history` (the change journal) and
 * `GET /sync/status`. Its own function so that reading history needs no LiteLLM setting and no
 * right to the LiteLLM key (least privilege): it only reads `model_sync_runs` and counts `models`.
 * Runs are shown as readers may see them (functions/commons/http/run-view.ts): short caller names,
 * no internal database error text.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { API_BUDGETS } from './commons/setup/budgets.js';
import { readSettingOrDefault } from '../lib/config.js';
import { SETTINGS } from '../lib/settings/settings-table.js';
import { buildOnce, createReadContainer } from './commons/setup/container.js';
import { answerSyncStatus } from './commons/http/answer-sync-status.js';
import { httpErrorAnswer } from './commons/http/error-answer.js';
import { HttpProblem } from './commons/http/http-problem.js';
import { parseReadRequest } from './commons/http/read-request.js';
import { jsonResponse } from './commons/http/responses.js';
import { changesForReaders, runForReaders } from './commons/http/run-view.js';
import type { RunViewSettings } from './commons/http/run-view.js';
import { PageRequestError } from '../lib/sync/change-journal.js';
import type { ChangePage } from '../lib/sync/change-journal.js';
import { readJwtScopes } from './commons/http/scopes.js';
import { logger, metrics } from './commons/observability/powertools.js';

const container = buildOnce(() => ({
  ...createReadContainer(process.env, API_BUDGETS),
  view: { showCallerArns: readSettingOrDefault(process.env, SETTINGS.showCallerArns) },
}));
// Read at load, like the container; a bad JWT_SCOPE_* is thrown to each request (a logged 500), not a failed init.
const scopes = buildOnce(() => readJwtScopes(process.env));

const lambdaHandler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.appendKeys({ apiRequestId: event.requestContext.requestId, routeKey: event.routeKey });
  const request = parseReadRequest(event, scopes());
  const ready = container();
  const { history, view } = ready;
  if (request.action === 'sync-status') return answerSyncStatus(ready);
  if (request.action === 'run-changes') return journalAnswer(() => history.readRunChanges(request.runId, request.page), view);
  if (request.action === 'model-history') return journalAnswer(() => history.readModelHistory(request.modelId, request.page), view);
  if (request.action === 'list-runs') {
    const runs = await history.listRuns(request.limit);
    return jsonResponse(200, { runs: runs.map((run) => runForReaders(run, view)) });
  }
  const run = await history.getRun(request.runId);
  if (run === undefined) throw new HttpProblem(404, `No sync run has the id ${request.runId}.`);
  return jsonResponse(200, runForReaders(run, view));
};

/** A page of the change journal; a page request the library refuses is the caller's mistake (400). */
async function journalAnswer(read: () => Promise<ChangePage>, view: RunViewSettings): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return jsonResponse(200, changesForReaders(await read(), view));
  } catch (error) {
    if (error instanceof PageRequestError) throw new HttpProblem(400, error.message);
    throw error;
  }
}

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(httpErrorAnswer());
