import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpProblem } from './http-problem.js';

/** Who called, as API Gateway's authorizer vouched for them. */
export type Caller =
  /** SigV4: the caller's ARN; what it may call was decided by IAM, per route. */
  | { mode: 'iam'; id: string }
  /** JWT: the `sub` claim and the token's scopes. */
  | { mode: 'jwt'; id: string; scopes: ReadonlySet<string> }
  /**
   * A LiteMaaS admin, vouched for by the LiteMaaS token authorizer (functions/litemaas-authorizer.ts),
   * which only lets admins through: LiteMaaS tokens carry no scopes, so an admin may start and force.
   */
  | { mode: 'litemaas'; id: string };

interface AuthorizerContext {
  iam?: { userArn?: unknown };
  jwt?: { claims?: Record<string, unknown>; scopes?: unknown };
  /** The LiteMaaS token authorizer's context, e.g. `{requestedBy: 'litemaas:<user id>'}`. */
  lambda?: { requestedBy?: unknown };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Scopes from `jwt.scopes` (API Gateway's list) and the `scope` claim (space-separated), merged. */
function scopesOf(jwt: NonNullable<AuthorizerContext['jwt']>): ReadonlySet<string> {
  const listed = Array.isArray(jwt.scopes) ? jwt.scopes.filter((scope): scope is string => typeof scope === 'string') : [];
  const claimed = nonEmptyString(jwt.claims?.scope)?.split(/\s+/) ?? [];
  return new Set([...listed, ...claimed].filter((scope) => scope !== ''));
}

/**
 * The caller of a request, from the authorizer context API Gateway attached. A request without
 * one is refused with 403 (defence in depth, should a route ever lose its authorizer).
 */
export function callerOf(event: APIGatewayProxyEventV2): Caller {
  const authorizer = (event.requestContext as { authorizer?: AuthorizerContext }).authorizer;
  const arn = nonEmptyString(authorizer?.iam?.userArn);
  if (arn !== undefined) return { mode: 'iam', id: arn };
  const subject = nonEmptyString(authorizer?.jwt?.claims?.sub);
  if (authorizer?.jwt !== undefined && subject !== undefined) {
    return { mode: 'jwt', id: subject, scopes: scopesOf(authorizer.jwt) };
  }
  const litemaasAdmin = nonEmptyString(authorizer?.lambda?.requestedBy);
  // Only the LiteMaaS token authorizer puts `requestedBy` in a Lambda authorizer context, always prefixed.
  if (litemaasAdmin?.startsWith('litemaas:') === true) return { mode: 'litemaas', id: litemaasAdmin };
  throw new HttpProblem(403, 'This API needs an authorized caller (IAM, JWT or a LiteMaaS admin token); the request carried no identity.');
}
