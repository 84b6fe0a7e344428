/** The API's authorization: IAM (the default), JWT, or LiteMaaS tokens — at most one token mode. */

import { DEFAULT_JWT_SCOPES, JWT_SCOPE_SETTINGS } from '../../lib/settings/deploy-names.js';
import type { RouteAccess } from '../../lib/settings/deploy-names.js';
import { readSecretArn } from './arns.js';
import { InvalidValue, readContextSetting, readList, readText } from './context-reader.js';
import type { ContextReader } from './context-reader.js';
import type { JwtConfig, LitemaasAuthConfig } from './types.js';

/** The context keys of the JWT scopes. */
const SCOPE_KEYS = Object.values(JWT_SCOPE_SETTINGS).map((row) => row.contextKey);

/** JWT mode needs both issuer and audience; scopes alone mean nothing. */
export function readJwt(read: ContextReader): JwtConfig | undefined {
  const issuer = readText(read, 'jwtIssuer');
  const audience = readList(read, 'jwtAudience');
  const givenScopes = SCOPE_KEYS.filter((key) => readText(read, key) !== undefined);
  if (issuer === undefined && audience === undefined) {
    if (givenScopes.length > 0) throw new InvalidValue(`${givenScopes.join(', ')} need jwtIssuer and jwtAudience (JWT mode); without them every route uses IAM`);
    return undefined;
  }
  if (issuer === undefined || audience === undefined) {
    throw new InvalidValue(`JWT mode needs both jwtIssuer and jwtAudience; missing: ${issuer === undefined ? 'jwtIssuer' : 'jwtAudience'}`);
  }
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw new InvalidValue(`jwtIssuer must be an https URL (the token issuer, e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc; got "${issuer}")`);
  }
  const scope = (kind: RouteAccess): string => readContextSetting(read, JWT_SCOPE_SETTINGS[kind]) ?? DEFAULT_JWT_SCOPES[kind];
  const scopes = { read: scope('read'), start: scope('start'), force: scope('force') };
  // One scope for two kinds would let every starter force: say so rather than deploy it.
  if (scopes.force === scopes.start || scopes.force === scopes.read) {
    throw new InvalidValue(`jwtScopeForce must differ from jwtScopeStart and jwtScopeRead (got "${scopes.force}")`);
  }
  return { issuer, audience, scopes };
}

/** The message when both token modes are configured; each replaces IAM with its own authorizer. */
export const ONE_AUTHORIZER_MESSAGE =
  'litemaasJwtSecretArn (LiteMaaS token mode) and jwtIssuer/jwtAudience/jwtScopeRead/jwtScopeStart/jwtScopeForce (JWT mode) each choose the API\'s authorizer: give only one of them';

/** LiteMaaS token mode: the secret holding LiteMaaS's JWT_SECRET; excludes JWT mode. */
export function readLitemaasAuth(read: ContextReader): LitemaasAuthConfig | undefined {
  const jwtSecretArn = readSecretArn(read, 'litemaasJwtSecretArn');
  if (jwtSecretArn === undefined) return undefined;
  if (['jwtIssuer', 'jwtAudience', ...SCOPE_KEYS].some((key) => readText(read, key) !== undefined || Array.isArray(read(key)))) {
    throw new InvalidValue(ONE_AUTHORIZER_MESSAGE);
  }
  return { jwtSecretArn };
}
