import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { callerOf } from './caller.js';
import { HttpProblem } from './http-problem.js';
import { ROUTE_KEYS } from '../../../lib/settings/deploy-names.js';
import { matchRoute } from './routes.js';
import { parseRunId, parseRunsLimit } from './run-queries.js';
import { requireScope } from './scopes.js';
import type { JwtScopes } from '../../../lib/settings/deploy-names.js';

/** A run-history request that passed every check. */
export type ReadRequest =
  | { action: 'list-runs'; limit: number }
  | { action: 'get-run'; runId: string }
  | { action: 'sync-status' };

/**
 * Checks a `GET /sync/runs`, `GET /sync/runs/{runId}` or `GET /sync/status` request: identity and read scope (403),
 * route (404), then its query or path (400). Throws an {@link HttpProblem}.
 */
export function parseReadRequest(event: APIGatewayProxyEventV2, scopes: JwtScopes): ReadRequest {
  // Every route of this function reads, so the read scope is checked once, before the route.
  requireScope(callerOf(event), scopes.read);
  const route = matchRoute(event);
  switch (route?.name) {
    case 'list-runs':
      return { action: 'list-runs', limit: parseRunsLimit(event) };
    case 'get-run':
      return { action: 'get-run', runId: parseRunId(route.runId) };
    case 'sync-status':
      return { action: 'sync-status' };
    default:
      throw new HttpProblem(404, `No such route here: use ${ROUTE_KEYS.listRuns}, ${ROUTE_KEYS.getRun} or ${ROUTE_KEYS.syncStatus}.`);
  }
}
