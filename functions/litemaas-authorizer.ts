/**
 * The HTTP API's Lambda authorizer in LiteMaaS token mode (CDK context `litemaasJwtSecretArn`):
 * it lets a request through when it carries `Authorization: Bearer <token>` with an access token
 * LiteMaaS signed for one of its admins, so the portal's backend can forward the admin's own token
 * to `POST /sync`. API Gateway's JWT authorizer cannot do this: it verifies only asymmetric
 * signatures from a JWKS, and LiteMaaS signs with a shared HS256 secret.
 *
 * Answers in the simple response format: `{isAuthorized: true, context: {requestedBy, userId,
 * username}}` (the API records `requestedBy` with the run), or `{isAuthorized: false}`, which API
 * Gateway turns into 403. Why a token was refused is logged, never the token.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { ConfigError } from '../lib/errors.js';
import { JWT_SECRET_ARN_VARIABLE, verifyLitemaasToken } from './commons/secrets/litemaas-token.js';
import { logger } from './commons/observability/powertools.js';
import { secretField } from './commons/secrets/secret-value.js';

/** What an authorized request carries to the API function (`requestContext.authorizer.lambda`). */
export interface LitemaasAuthorizerContext {
  /** `litemaas:<user id>`, recorded as the run's `requested_by`. */
  requestedBy: string;
  userId: string;
  /** Empty when the token carries no user name. */
  username: string;
}

export type LitemaasAuthorizerResult = APIGatewaySimpleAuthorizerResult | APIGatewaySimpleAuthorizerWithContextResult<LitemaasAuthorizerContext>;

/**
 * How long the fetched secret is reused (Powertools Parameters caches it per container, as it does
 * the LiteLLM key): a changed `JWT_SECRET` is picked up within this time. A failed read is not kept.
 */
export const JWT_SECRET_CACHE_SECONDS = 5 * 60;

/** Settings of one authorizer instance. */
export interface LitemaasAuthorizerOptions {
  /** ARN of the secret holding LiteMaaS's `JWT_SECRET` (plain, or JSON `{"JWT_SECRET": "..."}`). */
  readonly secretArn: string | undefined;
}

const DENY: APIGatewaySimpleAuthorizerResult = { isAuthorized: false };

/**
 * Builds the authorizer handler.
 *
 * @example
 * export const handler = createLitemaasAuthorizer({ secretArn: process.env.LITEMAAS_JWT_SECRET_ARN });
 */
export function createLitemaasAuthorizer(options: LitemaasAuthorizerOptions) {
  const readSecret = () => readJwtSecret(options.secretArn);
  const authorize = async (event: APIGatewayRequestAuthorizerEventV2): Promise<LitemaasAuthorizerResult> => {
    const token = bearerToken(event.headers?.authorization ?? event.identitySource?.[0]);
    if (token === undefined) {
      logger.info('Request refused', { reason: 'no bearer token', routeKey: event.routeKey });
      return DENY;
    }
    // Fetched only for a request that has a token at all; a failure here is the function's error
    // (API Gateway answers 500), not a refusal: the caller is not at fault.
    const secret = await readSecret();
    const verdict = verifyLitemaasToken(token, secret, Math.floor(Date.now() / 1000));
    if (!verdict.accepted) {
      logger.info('Request refused', { reason: verdict.reason, routeKey: event.routeKey });
      return DENY;
    }
    const { caller } = verdict;
    logger.info('Request authorized', { requestedBy: caller.requestedBy, routeKey: event.routeKey });
    return { isAuthorized: true, context: { requestedBy: caller.requestedBy, userId: caller.userId, username: caller.username ?? '' } };
  };
  return middy(authorize).use(injectLambdaContext(logger, { resetKeys: true }));
}

/**
 * The token of an `Authorization: Bearer <token>` header. LiteMaaS's admin API keys
 * (`ltm_admin_…`) and users' LiteLLM keys (`sk-…`) are not tokens and fall through to verification,
 * which refuses them as malformed.
 */
function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** LiteMaaS's `JWT_SECRET` as LiteMaaS uses it: the plain secret, or its `JWT_SECRET` field. */
async function readJwtSecret(secretArn: string | undefined): Promise<string> {
  if (secretArn === undefined || secretArn === '') {
    throw new ConfigError(`${JWT_SECRET_ARN_VARIABLE} is not set: it must name the secret holding LiteMaaS's JWT_SECRET.`);
  }
  const secret = secretField(await getSecret(secretArn, { maxAge: JWT_SECRET_CACHE_SECONDS }), 'JWT_SECRET');
  if (secret === undefined) {
    throw new ConfigError(
      `The secret named by ${JWT_SECRET_ARN_VARIABLE} must hold LiteMaaS's JWT_SECRET as a plain string or as JSON with a non-empty string "JWT_SECRET" field.`,
    );
  }
  return secret;
}

export const handler = createLitemaasAuthorizer({ secretArn: process.env[JWT_SECRET_ARN_VARIABLE] });
