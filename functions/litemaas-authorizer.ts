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
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { readSettingOrDefault } from '../lib/config.js';
import { ConfigError } from '../lib/errors.js';
import { SETTINGS } from '../lib/settings/settings-table.js';
import { jwtSecretWeakness, MIN_JWT_SECRET_BYTES } from './commons/secrets/jwt-secret-strength.js';
import { JWT_SECRET_ARN_VARIABLE, verifyLitemaasToken } from './commons/secrets/litemaas-token.js';
import { METRIC_NAMES } from './commons/observability/observability-names.js';
import { logger, metrics } from './commons/observability/powertools.js';
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
  /**
   * The longest token lifetime (`exp - iat`) accepted, in hours, as its variable
   * (`SETTINGS.litemaasTokenMaxLifetimeHours`, `LITEMAAS_TOKEN_MAX_LIFETIME_HOURS`) gives it.
   * @default 24
   */
  readonly tokenMaxLifetimeHours?: string | undefined;
}

/** The secret, or why it is unfit to verify tokens with (never the value). */
type JwtSecretReading = { readonly secret: string } | { readonly weakness: string };

const DENY: APIGatewaySimpleAuthorizerResult = { isAuthorized: false };

/**
 * Builds the authorizer handler.
 *
 * @example
 * export const handler = createLitemaasAuthorizer({ secretArn: process.env.LITEMAAS_JWT_SECRET_ARN });
 */
export function createLitemaasAuthorizer(options: LitemaasAuthorizerOptions) {
  const readSecret = () => readJwtSecret(options.secretArn);
  const lifetime = SETTINGS.litemaasTokenMaxLifetimeHours;
  // Parsed on the first request that needs it (a bad value is then that request's error), then kept.
  let maxLifetimeHours: number | undefined;
  const maxLifetimeSeconds = (): number => 3600 * (maxLifetimeHours ??= readSettingOrDefault({ [lifetime.variable]: options.tokenMaxLifetimeHours }, lifetime));
  const authorize = async (event: APIGatewayRequestAuthorizerEventV2): Promise<LitemaasAuthorizerResult> => {
    const token = bearerToken(event.headers?.authorization ?? event.identitySource?.[0]);
    if (token === undefined) {
      logger.info('Request refused', { reason: 'no bearer token', routeKey: event.routeKey });
      return DENY;
    }
    const maxLifetime = maxLifetimeSeconds();
    // Fetched only for a request that has a token at all; a failure here is the function's error
    // (API Gateway answers 500), not a refusal: the caller is not at fault.
    const reading = await readSecret();
    if ('weakness' in reading) {
      refuseWeakSecret(reading.weakness, event.routeKey);
      return DENY;
    }
    const verdict = verifyLitemaasToken(token, reading.secret, Math.floor(Date.now() / 1000), maxLifetime);
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

/**
 * A secret anyone could guess verifies nothing: every request is denied, with one error line that
 * says why and what to do (never the value), and one `LitemaasJwtSecretRefused` metric, which the
 * stack's alarm sends to the alarm topic.
 */
function refuseWeakSecret(weakness: string, routeKey: string): void {
  logger.error(
    `Request refused: the JWT_SECRET in the secret named by ${JWT_SECRET_ARN_VARIABLE} is ${weakness}, so every request is denied. Set a random JWT_SECRET of at least ${MIN_JWT_SECRET_BYTES} bytes (openssl rand -base64 32) in LiteMaaS and in that secret.`,
    { reason: 'weak JWT_SECRET', routeKey },
  );
  metrics.addMetric(METRIC_NAMES.litemaasJwtSecretRefused, MetricUnit.Count, 1);
  // Published at once: the authorizer has no metrics middleware, which would log a warning on
  // every request that adds no metric.
  metrics.publishStoredMetrics();
}

/** LiteMaaS's `JWT_SECRET` as LiteMaaS uses it: the plain secret, or its `JWT_SECRET` field. */
async function readJwtSecret(secretArn: string | undefined): Promise<JwtSecretReading> {
  if (secretArn === undefined || secretArn === '') {
    throw new ConfigError(`${JWT_SECRET_ARN_VARIABLE} is not set: it must name the secret holding LiteMaaS's JWT_SECRET.`);
  }
  const value = await getSecret(secretArn, { maxAge: JWT_SECRET_CACHE_SECONDS });
  // A blank plain secret is a weak one, like a blank JSON field, not a malformed secret.
  const secret = typeof value === 'string' && value.trim() === '' ? value : secretField(value, 'JWT_SECRET');
  if (secret === undefined) {
    throw new ConfigError(
      `The secret named by ${JWT_SECRET_ARN_VARIABLE} must hold LiteMaaS's JWT_SECRET as a plain string or as JSON with a non-empty string "JWT_SECRET" field.`,
    );
  }
  const weakness = jwtSecretWeakness(secret);
  return weakness === undefined ? { secret } : { weakness };
}

export const handler = createLitemaasAuthorizer({
  secretArn: process.env[JWT_SECRET_ARN_VARIABLE],
  tokenMaxLifetimeHours: process.env[SETTINGS.litemaasTokenMaxLifetimeHours.variable],
});
