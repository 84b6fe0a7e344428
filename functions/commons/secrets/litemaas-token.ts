import { createHmac, timingSafeEqual } from 'node:crypto';
import { RESOURCE_VARIABLES } from '../../../lib/settings/deploy-names.js';
import { SETTINGS } from '../../../lib/settings/settings-table.js';

/**
 * Verifies the access tokens LiteMaaS issues to its users. LiteMaaS signs them with
 * `@fastify/jwt` and the shared secret `JWT_SECRET` (HS256, the default for a string secret);
 * the payload carries `userId`, `username`, `email`, `roles` (e.g. `['admin', 'user']`), `iat`
 * and `exp` (backend/src/plugins/auth.ts and backend/src/services/token.service.ts).
 *
 * Written on node:crypto rather than a JWT library: only one algorithm is ever accepted, so the
 * whole check is a few lines that can be read in full — no algorithm negotiation, no key lookup,
 * nothing to configure wrongly — and the authorizer bundle gains no dependency.
 */

/** The role a LiteMaaS user needs to start a sync (LiteMaaS's `models:write` permission). */
export const LITEMAAS_ADMIN_ROLE = 'admin';

/** The authorizer's environment variable naming the secret that holds LiteMaaS's `JWT_SECRET`. */
export const JWT_SECRET_ARN_VARIABLE = RESOURCE_VARIABLES.litemaasJwtSecretArn;

/** Tolerated difference between LiteMaaS's clock and this function's, for `exp`, `nbf` and `iat`. */
export const CLOCK_SKEW_SECONDS = 30;

/** The caller of an accepted token. */
export interface LitemaasCaller {
  /** LiteMaaS's user id (the `users.id` UUID). */
  readonly userId: string;
  /** LiteMaaS's user name, when the token carries one. */
  readonly username?: string;
  /** What the run records as `requested_by`: `litemaas:<user id>`. */
  readonly requestedBy: string;
}

/** Why a token was refused; said in the logs, never to the caller. */
export type RefusalReason =
  | 'malformed'
  | 'algorithm not HS256'
  | 'bad signature'
  | 'no expiry'
  | 'expired'
  | 'not yet valid'
  | 'no issue time'
  | 'issued in the future'
  | 'lifetime too long'
  | 'no user id'
  | 'not an admin';

export type TokenVerdict = { readonly accepted: true; readonly caller: LitemaasCaller } | { readonly accepted: false; readonly reason: RefusalReason };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a LiteMaaS access token: exactly three base64url parts, header `alg` HS256 (so `none`,
 * RS256 and every other algorithm are refused before any key is used), an HMAC-SHA256 signature
 * compared in constant time, an `exp` that has not passed, an `nbf` (when present) that has, an
 * `iat` that is not in the future and no more than `maxLifetimeSeconds` before `exp`, a `userId`
 * and the `admin` role. The `iat` rules bound what a leaked or long-lived token is worth: LiteMaaS
 * always sets `iat`, so a token without one was not minted by LiteMaaS.
 *
 * @example
 * const verdict = verifyLitemaasToken(token, jwtSecret, Math.floor(Date.now() / 1000));
 * if (verdict.accepted) console.log(verdict.caller.requestedBy); // litemaas:7f9d…
 */
export function verifyLitemaasToken(
  token: string,
  secret: string,
  nowSeconds: number,
  maxLifetimeSeconds: number = SETTINGS.litemaasTokenMaxLifetimeHours.default * 3600,
): TokenVerdict {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return refuse('malformed');
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];

  const header = decodeJsonObject(encodedHeader);
  if (header === undefined) return refuse('malformed');
  // `crit` names extensions the verifier must understand; none is supported.
  if (header.alg !== 'HS256' || header.crit !== undefined) return refuse('algorithm not HS256');

  const expected = createHmac('sha256', secret).update(`${encodedHeader}.${encodedPayload}`).digest();
  const actual = Buffer.from(encodedSignature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return refuse('bad signature');

  const payload = decodeJsonObject(encodedPayload);
  if (payload === undefined) return refuse('malformed');
  if (typeof payload.exp !== 'number') return refuse('no expiry');
  if (nowSeconds >= payload.exp + CLOCK_SKEW_SECONDS) return refuse('expired');
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || nowSeconds < payload.nbf - CLOCK_SKEW_SECONDS)) {
    return refuse('not yet valid');
  }
  if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) return refuse('no issue time');
  if (payload.iat > nowSeconds + CLOCK_SKEW_SECONDS) return refuse('issued in the future');
  if (payload.exp - payload.iat > maxLifetimeSeconds) return refuse('lifetime too long');
  if (typeof payload.userId !== 'string' || payload.userId === '') return refuse('no user id');
  if (!Array.isArray(payload.roles) || !payload.roles.includes(LITEMAAS_ADMIN_ROLE)) return refuse('not an admin');

  const username = typeof payload.username === 'string' && payload.username !== '' ? payload.username : undefined;
  return { accepted: true, caller: { userId: payload.userId, username, requestedBy: `litemaas:${payload.userId}` } };
}

function refuse(reason: RefusalReason): TokenVerdict {
  return { accepted: false, reason };
}

function decodeJsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
