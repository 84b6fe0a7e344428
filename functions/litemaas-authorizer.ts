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
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { ConfigError } from '../lib/errors.js';
import { JWT_SECRET_ARN_VARIABLE, verifyLitemaasToken } from './commons/litemaas-token.js';
import { logger } from './commons/powertools.js';

/** What an authorized request carries to the API function (`requestContext.authorizer.lambda`). */
export interface LitemaasAuthorizerContext {
  /** `litemaas:<user id>`, recorded as the run's `requested_by`. */
  requestedBy: string;
  userId: string;
  /** Empty when the token carries no user name. */
  username: string;
}

export type LitemaasAuthorizerResult = APIGatewaySimpleAuthorizerResult | APIGatewaySimpleAuthorizerWithContextResult<LitemaasAuthorizerContext>;

/** How long the fetched secret is reused: a changed `JWT_SECRET` is picked up within this time. */
export const JWT_SECRET_CACHE_MS = 5 * 60 * 1000;

/** Settings of one authorizer instance. */
export interface LitemaasAuthorizerOptions {
  /** ARN of the secret holding LiteMaaS's `JWT_SECRET` (plain, or JSON `{"JWT_SECRET": "..."}`). */
  readonly secretArn: string | undefined;
  /** @default a new client for the function's region */
  readonly secretsManager?: SecretsManagerClient;
  /** @default {@link JWT_SECRET_CACHE_MS} */
  readonly cacheMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

const DENY: APIGatewaySimpleAuthorizerResult = { isAuthorized: false };

/**
 * Builds the authorizer handler. Each instance has its own secret cache, so tests start empty.
 *
 * @example
 * export const handler = createLitemaasAuthorizer({ secretArn: process.env.LITEMAAS_JWT_SECRET_ARN });
 */
export function createLitemaasAuthorizer(options: LitemaasAuthorizerOptions) {
  const readSecret = cachedJwtSecret(options);
  const now = options.now ?? Date.now;
  const authorize = async (event: APIGatewayRequestAuthorizerEventV2): Promise<LitemaasAuthorizerResult> => {
    const token = bearerToken(event.headers?.authorization ?? event.identitySource?.[0]);
    if (token === undefined) {
      logger.info('Request refused', { reason: 'no bearer token', routeKey: event.routeKey });
      return DENY;
    }
    // Fetched only for a request that has a token at all; a failure here is the function's error
    // (API Gateway answers 500), not a refusal: the caller is not at fault.
    const secret = await readSecret();
    const verdict = verifyLitemaasToken(token, secret, Math.floor(now() / 1000));
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

/** Reads the secret through a cache; concurrent first calls share one request. */
function cachedJwtSecret(options: LitemaasAuthorizerOptions): () => Promise<string> {
  const cacheMs = options.cacheMs ?? JWT_SECRET_CACHE_MS;
  const now = options.now ?? Date.now;
  let client = options.secretsManager;
  let cached: { value: Promise<string>; fetchedAt: number } | undefined;
  return () => {
    const secretArn = options.secretArn;
    if (secretArn === undefined || secretArn === '') {
      return Promise.reject(new ConfigError(`${JWT_SECRET_ARN_VARIABLE} is not set: it must name the secret holding LiteMaaS's JWT_SECRET.`));
    }
    if (cached === undefined || now() - cached.fetchedAt >= cacheMs) {
      client ??= new SecretsManagerClient({});
      const value = fetchJwtSecret(client, secretArn);
      cached = { value, fetchedAt: now() };
      // A failed fetch is not kept: the next request tries again.
      value.catch(() => {
        if (cached?.value === value) cached = undefined;
      });
    }
    return cached.value;
  };
}

async function fetchJwtSecret(client: SecretsManagerClient, secretArn: string): Promise<string> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  const secret = jwtSecretOf(SecretString);
  if (secret === undefined) {
    throw new ConfigError(
      `The secret named by ${JWT_SECRET_ARN_VARIABLE} must hold LiteMaaS's JWT_SECRET as a plain string or as JSON with a non-empty string "JWT_SECRET" field.`,
    );
  }
  return secret;
}

/** The value as LiteMaaS uses it: the plain string, or the `JWT_SECRET` field of a JSON object. */
function jwtSecretOf(secretString: string | undefined): string | undefined {
  if (secretString === undefined || secretString === '') return undefined;
  if (!secretString.trimStart().startsWith('{')) return secretString;
  try {
    const value: unknown = JSON.parse(secretString);
    const field: unknown = value !== null && typeof value === 'object' ? (value as { JWT_SECRET?: unknown }).JWT_SECRET : undefined;
    return typeof field === 'string' && field !== '' ? field : undefined;
  } catch {
    return undefined;
  }
}

export const handler = createLitemaasAuthorizer({ secretArn: process.env[JWT_SECRET_ARN_VARIABLE] });
