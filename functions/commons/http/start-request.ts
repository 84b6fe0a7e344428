import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { SyncOptions } from '../../../lib/sync/types.js';
import { callerOf } from './caller.js';
import { HttpProblem } from './http-problem.js';
import { ROUTE_KEYS } from '../../../lib/settings/deploy-names.js';
import { matchRoute } from './routes.js';
import { requireScope } from './scopes.js';
import type { JwtScopes } from '../../../lib/settings/deploy-names.js';
import { parseSyncRequestBody } from './sync-request-body.js';

/** A sync request that passed every check: who asked, and with which options. */
export interface StartRequest {
  requestedBy: string;
  options: SyncOptions;
}

const FORCE_IS_ITS_OWN_ROUTE =
  `Forcing a sync is a separate permission: call ${ROUTE_KEYS.forceSync} (IAM: execute-api:Invoke on that ` +
  `route) instead of ${ROUTE_KEYS.startSync} with "force": true.`;

/**
 * Checks a `POST /sync` or `POST /sync/force` request in the order a caller's mistakes should be
 * reported: identity (403), route (404), permission (403), body (400, 413, 415), and the right to
 * force (403). Throws an {@link HttpProblem}; needs no secret and no database, so a refused
 * request reads no key and starts nothing.
 *
 * Forcing overrides the retirement guard, so it is granted separately: in JWT mode by the force
 * scope; in IAM mode, which cannot see a body, only through its own route.
 */
export function parseStartRequest(event: APIGatewayProxyEventV2, scopes: JwtScopes): StartRequest {
  const caller = callerOf(event);
  const route = matchRoute(event);
  if (route?.name === 'start-sync') {
    requireScope(caller, scopes.start);
    const options = parseSyncRequestBody(event);
    if (options.force === true) {
      if (caller.mode === 'iam') throw new HttpProblem(403, FORCE_IS_ITS_OWN_ROUTE);
      requireScope(caller, scopes.force);
    }
    return { requestedBy: caller.id, options };
  }
  if (route?.name === 'force-sync') {
    requireScope(caller, scopes.force);
    const options = parseSyncRequestBody(event);
    if (options.force === false) {
      throw new HttpProblem(400, `${ROUTE_KEYS.forceSync} always forces: leave "force" out, or call ${ROUTE_KEYS.startSync}.`);
    }
    return { requestedBy: caller.id, options: { ...options, force: true } };
  }
  throw new HttpProblem(404, `No such route here: use ${ROUTE_KEYS.startSync} or ${ROUTE_KEYS.forceSync}.`);
}
