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
  'bearer',
  'signature',
  // Azure shared access signatures (`sas_url`, `azure-sas`).
  'sas',
  // A data source name carries the password or key in its URL (`sentry_dsn`).
  'dsn',
]);
/**
 * Credentials written as one word (`apikey`, `ConnectionString`, `aws_accesskey`): looked for in
 * the name with its separators removed, since no segment split finds them.
 */
const RUN_TOGETHER = [
  'apikey',
  'accesskey',
  'secretkey',
  'privatekey',
  'clientsecret',
  'connectionstring',
  'connstring',
  'passwd',
  'password',
  'authtoken',
  'accesstoken',
  'sessiontoken',
  // Azure API Management's key (`subscriptionkey`).
  'subscriptionkey',
];
/** Query parameters that carry a signature in signed URLs (Azure SAS `sig`; S3 `X-Amz-Signature` is a `signature`). */
const QUERY_SECRET_SEGMENTS = new Set(['sig']);
/**
 * Query parameters that are secrets by their whole name only: Azure Functions' `?code=` is the
 * function key, while `country_code` in a URL is not a secret.
 */
const QUERY_SECRET_NAMES = new Set(['code']);
const ALWAYS_KEPT = new Set(['litellm_credential_name']);
const URL_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i;
/**
 * A URL anywhere in a text, up to white space or a quote. The look-behind lets a scheme start only
 * at the start of a word, so a long run of letters is scanned once, not once per letter.
 */
const URL_IN_TEXT = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
/** Punctuation that ends a sentence or a bracket after a URL, not part of it. */
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

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
  return isSecretKey(name) || QUERY_SECRET_NAMES.has(name.toLowerCase()) || keySegments(name).some((segment) => QUERY_SECRET_SEGMENTS.has(segment));
}

/**
 * The text with every URL in it (`Mirror: https://u:pw@host/x?sig=abc`, or a URL alone) stripped
 * of its `user:password@` part and secret-looking query parameters; all else unchanged, byte for
 * byte when there is nothing to strip.
 */
export function stripUrlCredentials(text: string): string {
  // Every model_info string passes through here on every sync: most hold no URL at all.
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (found) => {
    const trailing = TRAILING_PUNCTUATION.exec(found)?.[0] ?? '';
    return urlWithoutCredentials(found.slice(0, found.length - trailing.length)) + trailing;
  });
}

function urlWithoutCredentials(url: string): string {
  const withoutUserinfo = url.replace(URL_USERINFO, '$1');
  return withoutUserinfo.includes('?') ? withoutSecretQueryParameters(withoutUserinfo) : withoutUserinfo;
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
