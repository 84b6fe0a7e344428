import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The API's routes, as the handler dispatches them. */
export type Route =
  | { name: 'start-sync' }
  | { name: 'list-runs' }
  | { name: 'get-run'; runId: string | undefined };

const RUN_PATH = /\/sync\/runs\/([^/]+)\/?$/;

/**
 * The route of a request: from `routeKey` when API Gateway matched one of the stack's routes,
 * or from the method and path under a `$default` catch-all route. Undefined for anything else.
 */
export function matchRoute(event: APIGatewayProxyEventV2): Route | undefined {
  switch (event.routeKey) {
    case 'POST /sync':
      return { name: 'start-sync' };
    case 'GET /sync/runs':
      return { name: 'list-runs' };
    case 'GET /sync/runs/{runId}':
      return { name: 'get-run', runId: event.pathParameters?.runId };
    default:
      break;
  }
  const method = event.requestContext.http.method.toUpperCase();
  const path = event.rawPath;
  if (method === 'POST' && /\/sync\/?$/.test(path)) return { name: 'start-sync' };
  if (method === 'GET' && /\/sync\/runs\/?$/.test(path)) return { name: 'list-runs' };
  const run = RUN_PATH.exec(path);
  if (method === 'GET' && run !== null) return { name: 'get-run', runId: decodeURIComponent(run[1] ?? '') };
  return undefined;
}
