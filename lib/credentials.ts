/**
 * Which names and URL parts hold credentials: one rule for everything the sync stores, logs or
 * reports (LiteLLM deployment parameters, the LiteLLM base URL in error messages).
 */

const SECRET_SEGMENTS = new Set([
  'key',
  'secret',
  'token',
  'password',
  'passwords',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'private',
  'certificate',
  'passwd',
  'pwd',
  'cookie',
  'cookies',
]);
/**
 * Credentials written as one word (`apikey`, `ConnectionString`, `aws_accesskey`): looked for in
 * the name with its separators removed, since no segment split finds them.
 */
const RUN_TOGETHER = ['apikey', 'accesskey', 'secretkey', 'privatekey', 'clientsecret', 'connectionstring', 'connstring', 'passwd', 'password', 'authtoken', 'accesstoken', 'sessiontoken'];
/** Query parameters that carry a signature or token in signed URLs (Azure SAS `sig`, S3 `X-Amz-Signature`). */
const QUERY_SECRET_SEGMENTS = new Set(['sig', 'signature', 'sas']);
const ALWAYS_KEPT = new Set(['litellm_credential_name']);
const URL_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i;
const URL_WITH_QUERY = /^[a-z][a-z0-9+.-]*:\/\/[^?#\s]*\?/i;

/**
 * Splits a key into lower-case segments on `_`, `-` and camelCase humps
 * (`X-Gateway-Token` → x, gateway, token; `apiKey` → api, key).
 */
function keySegments(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_-]+/)
    .filter((segment) => segment !== '');
}

/** Whether a parameter name looks like it holds a credential. */
export function isSecretKey(key: string): boolean {
  if (ALWAYS_KEPT.has(key.toLowerCase())) return false;
  const segments = keySegments(key);
  if (segments.includes('cost')) return false;
  const compact = segments.join('');
  return segments.some((segment) => SECRET_SEGMENTS.has(segment)) || RUN_TOGETHER.some((word) => compact.includes(word));
}

/** Whether a URL query parameter looks like it holds a credential or a signature. */
function isSecretQueryParameter(name: string): boolean {
  return isSecretKey(name) || keySegments(name).some((segment) => QUERY_SECRET_SEGMENTS.has(segment));
}

/** A URL without its `user:password@` part and secret-looking query parameters; other text unchanged. */
export function stripUrlCredentials(text: string): string {
  const withoutUserinfo = text.replace(URL_USERINFO, '$1');
  return URL_WITH_QUERY.test(withoutUserinfo) ? withoutSecretQueryParameters(withoutUserinfo) : withoutUserinfo;
}

/** `https://host/v1?api-version=1&api-key=…` → `https://host/v1?api-version=1` (same key rule as above). */
function withoutSecretQueryParameters(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  const secretNames = [...url.searchParams.keys()].filter(isSecretQueryParameter);
  if (secretNames.length === 0) return text; // never re-serialized, so stored URLs stay byte for byte
  for (const name of secretNames) url.searchParams.delete(name);
  return url.toString();
}

/**
 * Whether a URL carries a `user:password@` part. One rule on both sides: a LiteLLM URL must not —
 * the stack refuses it (it would land in the template) and so do the CLI and functions (fetch
 * cannot send it, and the key belongs in `LITELLM_API_KEY` or the key secret).
 */
export function hasUrlCredentials(text: string): boolean {
  try {
    const url = new URL(text);
    return url.username !== '' || url.password !== '';
  } catch {
    return false;
  }
}
