import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The API's routes, as the handler dispatches them. */
export type Route =
  | { name: 'start-sync' }
  | { name: 'list-runs' }
  | { name: 'sync-status' }
  | { name: 'get-run'; runId: string | undefined };

/**
 * The route of a request, from the `routeKey` of the route API Gateway matched. The stack creates
 * only these explicit routes (infra/constructs/sync-api.ts, no `$default` catch-all), so
 * anything else is undefined, which the API answers with 404.
 */
export function matchRoute(event: APIGatewayProxyEventV2): Route | undefined {
  switch (event.routeKey) {
    case 'POST /sync':
      return { name: 'start-sync' };
    case 'GET /sync/runs':
      return { name: 'list-runs' };
    case 'GET /sync/status':
      return { name: 'sync-status' };
    case 'GET /sync/runs/{runId}':
      return { name: 'get-run', runId: event.pathParameters?.runId };
    default:
      return undefined;
  }
}
