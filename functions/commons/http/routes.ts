import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ROUTE_KEYS } from '../../../lib/settings/deploy-names.js';

export type Route =
  | { name: 'start-sync' }
  | { name: 'force-sync' }
  | { name: 'list-runs' }
  | { name: 'sync-status' }
  | { name: 'get-run'; runId: string | undefined }
  | { name: 'run-changes'; runId: string | undefined }
  | { name: 'model-history'; modelId: string | undefined };

/**
 * The route of a request, from the `routeKey` of the route API Gateway matched. The stack creates
 * only these explicit routes (infra/constructs/sync-api.ts, no `$default` catch-all), so anything else is undefined, answered with 404.
 */
export function matchRoute(event: APIGatewayProxyEventV2): Route | undefined {
  switch (event.routeKey) {
    case ROUTE_KEYS.startSync:
      return { name: 'start-sync' };
    case ROUTE_KEYS.forceSync:
      return { name: 'force-sync' };
    case ROUTE_KEYS.listRuns:
      return { name: 'list-runs' };
    case ROUTE_KEYS.syncStatus:
      return { name: 'sync-status' };
    case ROUTE_KEYS.getRun:
      return { name: 'get-run', runId: event.pathParameters?.runId };
    case ROUTE_KEYS.runChanges:
      return { name: 'run-changes', runId: event.pathParameters?.runId };
    case ROUTE_KEYS.modelHistory:
      return { name: 'model-history', modelId: event.pathParameters?.modelId };
    default:
      return undefined;
  }
}
