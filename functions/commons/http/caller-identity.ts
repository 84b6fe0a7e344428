import type { APIGatewayProxyEventV2 } from 'aws-lambda';

interface AuthorizerContext {
  iam?: { userArn?: unknown };
  jwt?: { claims?: Record<string, unknown> };
  /** Set by the LiteMaaS token authorizer (functions/litemaas-authorizer.ts), e.g. `litemaas:<user id>`. */
  lambda?: { requestedBy?: unknown };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Who called, taken unchanged from the authorizer context API Gateway attached: the IAM caller's
 * ARN (SigV4 routes), the JWT `sub` claim (JWT routes) or the `requestedBy` the LiteMaaS token
 * authorizer put in its context (`litemaas:<user id>`). Undefined when there is no authorizer
 * context, which the API answers with 403 (defence in depth should a route lose its authorizer).
 */
export function callerIdentity(event: APIGatewayProxyEventV2): string | undefined {
  const authorizer = (event.requestContext as { authorizer?: AuthorizerContext }).authorizer;
  return (
    nonEmptyString(authorizer?.iam?.userArn) ??
    nonEmptyString(authorizer?.jwt?.claims?.sub) ??
    nonEmptyString(authorizer?.lambda?.requestedBy)
  );
}
