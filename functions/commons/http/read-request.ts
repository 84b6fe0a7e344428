import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { callerOf } from './caller.js';
import { HttpProblem } from './http-problem.js';
import { ROUTE_KEYS } from '../../../lib/settings/deploy-names.js';
import { matchRoute } from './routes.js';
import { parseModelId, parsePageRequest, parseRunId, parseRunsLimit } from './run-queries.js';
import type { PageRequest } from '../../../lib/sync/change-journal.js';
import { requireScope } from './scopes.js';
import type { JwtScopes } from '../../../lib/settings/deploy-names.js';

/** A run-history request that passed every check. */
export type ReadRequest =
  | { action: 'list-runs'; limit: number }
  | { action: 'get-run'; runId: string }
  | { action: 'sync-status' }
  | { action: 'run-changes'; runId: string; page: PageRequest }
  | { action: 'model-history'; modelId: string; page: PageRequest };

/**
 * Checks a read request (`GET /sync/runs`, `/sync/runs/{runId}`, `/sync/runs/{runId}/changes`,
 * `/sync/models/{modelId}/history`, `/sync/status`): identity and read scope (403),
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
    case 'run-changes':
      return { action: 'run-changes', runId: parseRunId(route.runId), page: parsePageRequest(event) };
    case 'model-history':
      return { action: 'model-history', modelId: parseModelId(route.modelId), page: parsePageRequest(event) };
    default:
      throw new HttpProblem(
        404,
        `No such route here: use ${ROUTE_KEYS.listRuns}, ${ROUTE_KEYS.getRun}, ${ROUTE_KEYS.runChanges}, ${ROUTE_KEYS.modelHistory} or ${ROUTE_KEYS.syncStatus}.`,
      );
  }
}
