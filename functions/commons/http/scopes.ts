import { readVariable } from '../../../lib/config.js';
import type { Environment } from '../../../lib/config.js';
import type { Caller } from './caller.js';
import { HttpProblem } from './http-problem.js';

/** The OAuth scopes of JWT mode, one per kind of access; the stack's context keys choose them. */
export interface JwtScopes {
  /** `GET /sync/runs`, `GET /sync/runs/{runId}`, `GET /sync/status`. @default 'model-sync/read' */
  readonly read: string;
  /** `POST /sync`. @default 'model-sync/start' */
  readonly start: string;
  /** `POST /sync/force` (may retire more than the guard allows). @default 'model-sync/force' */
  readonly force: string;
}

/** The scopes the stack puts on the JWT routes unless the operator names others (infra/config/auth.ts). */
export const DEFAULT_JWT_SCOPES: JwtScopes = {
  read: 'model-sync/read',
  start: 'model-sync/start',
  force: 'model-sync/force',
};

/** The variables that override {@link DEFAULT_JWT_SCOPES}; the stack sets them to its routes' scopes. */
export const JWT_SCOPE_VARIABLES = {
  read: 'JWT_SCOPE_READ',
  start: 'JWT_SCOPE_START',
  force: 'JWT_SCOPE_FORCE',
} as const;

/** The JWT scopes this function checks: the environment's, or the defaults. */
export function readJwtScopes(env: Environment): JwtScopes {
  return {
    read: readVariable(env, JWT_SCOPE_VARIABLES.read) ?? DEFAULT_JWT_SCOPES.read,
    start: readVariable(env, JWT_SCOPE_VARIABLES.start) ?? DEFAULT_JWT_SCOPES.start,
    force: readVariable(env, JWT_SCOPE_VARIABLES.force) ?? DEFAULT_JWT_SCOPES.force,
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
