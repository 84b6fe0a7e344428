import { readSetting } from '../../../lib/config.js';
import type { Environment } from '../../../lib/config.js';
import { DEFAULT_JWT_SCOPES, JWT_SCOPE_SETTINGS } from '../../../lib/settings/deploy-names.js';
import type { JwtScopes } from '../../../lib/settings/deploy-names.js';
import type { Caller } from './caller.js';
import { HttpProblem } from './http-problem.js';

/**
 * The JWT scopes this function checks (`JWT_SCOPE_READ`, `JWT_SCOPE_START`, `JWT_SCOPE_FORCE`, set
 * by the stack to its routes' scopes), or the defaults of their rows.
 */
export function readJwtScopes(env: Environment): JwtScopes {
  return {
    read: readSetting(env, JWT_SCOPE_SETTINGS.read) ?? DEFAULT_JWT_SCOPES.read,
    start: readSetting(env, JWT_SCOPE_SETTINGS.start) ?? DEFAULT_JWT_SCOPES.start,
    force: readSetting(env, JWT_SCOPE_SETTINGS.force) ?? DEFAULT_JWT_SCOPES.force,
  };
}

/**
 * Refuses a JWT caller whose token lacks `scope` (403). API Gateway checks each route's scope
 * already; this repeats it in the handler so a route that lost its scopes still refuses, and it is
 * the only check for what a route cannot express (`"force": true` in a `POST /sync` body). IAM
 * callers pass: IAM decided per route.
 */
export function requireScope(caller: Caller, scope: string): void {
  if (caller.mode === 'jwt' && !caller.scopes.has(scope)) {
    throw new HttpProblem(403, `This request needs the "${scope}" scope, which the token does not carry.`);
  }
}
