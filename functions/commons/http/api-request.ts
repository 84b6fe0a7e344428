import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { SyncOptions } from '../../../lib/sync/types.js';
import { logger } from '../powertools.js';
import { callerIdentity } from './caller-identity.js';
import { HttpProblem } from './http-problem.js';
import { matchRoute } from './routes.js';
import { parseRunId, parseRunsLimit } from './run-queries.js';
import { parseSyncRequestBody } from './sync-request-body.js';

/** A request that passed every check: who asked, and for what. */
export type ApiRequest = { requestedBy: string } & (
  | { action: 'start-sync'; options: SyncOptions }
  | { action: 'list-runs'; limit: number }
  | { action: 'get-run'; runId: string }
  | { action: 'sync-status' }
);

/**
 * Checks a request in the order a caller's mistakes should be reported: identity (403), route
 * (404), then the route's own input (400, 413, 415). Throws an {@link HttpProblem}; needs no
 * secret and no database, so none of these answers depends on Secrets Manager or Aurora.
 */
export function parseApiRequest(event: APIGatewayProxyEventV2): ApiRequest {
  const requestedBy = callerIdentity(event);
  if (requestedBy === undefined) {
    throw new HttpProblem(403, 'This API needs an authorized caller (IAM or JWT); the request carried no identity.');
  }
  const route = matchRoute(event);
  switch (route?.name) {
    case 'start-sync':
      return { requestedBy, action: 'start-sync', options: parseSyncRequestBody(event) };
    case 'list-runs':
      return { requestedBy, action: 'list-runs', limit: parseRunsLimit(event) };
    case 'get-run':
      return { requestedBy, action: 'get-run', runId: parseRunId(route.runId) };
    case 'sync-status':
      return { requestedBy, action: 'sync-status' };
    default:
      throw new HttpProblem(404, 'No such route: use POST /sync, GET /sync/runs, GET /sync/runs/{runId} or GET /sync/status.');
  }
}

const API_REQUEST_FIELD = 'apiRequest';

/**
 * The middleware that checks each request before anything else runs (in particular before the
 * LiteLLM key is fetched) and puts the result on the context, for {@link apiRequestFrom}.
 */
export function validateApiRequest(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    name: 'validate-api-request',
    before: (request) => {
      logger.appendKeys({ apiRequestId: request.event.requestContext.requestId, routeKey: request.event.routeKey });
      Reflect.set(request.context, API_REQUEST_FIELD, parseApiRequest(request.event));
    },
  };
}

/** The checked request {@link validateApiRequest} put on the context; undefined before it ran. */
export function apiRequestFrom(context: object): ApiRequest | undefined {
  return Reflect.get(context, API_REQUEST_FIELD) as ApiRequest | undefined;
}

/** Whether a request needs the LiteLLM key: only a sync does (`POST /sync`). */
export function needsLitellmKey(request: Pick<Request, 'context'>): boolean {
  return apiRequestFrom(request.context)?.action === 'start-sync';
}
