/**
 * Whether LiteMaaS's `JWT_SECRET` is fit to verify admin tokens with. Whoever knows the secret can
 * mint a token for any LiteMaaS admin, so a secret that can be guessed (short, blank, or copied
 * from LiteMaaS's examples) is no check at all: the authorizer then denies every request.
 */

/** The shortest secret accepted: 256 bits, the HMAC-SHA256 key size (`openssl rand -base64 32`). */
export const MIN_JWT_SECRET_BYTES = 32;

/**
 * The sample `JWT_SECRET` values LiteMaaS publishes (rh-aiservices-bu/litemaas): its
 * `backend/.env.example`, Helm `values*.yaml`, kustomize `user-values.env.example`, the deployment
 * and development docs, and its test configuration. Some are 32 bytes or longer, so the length rule
 * alone would let them through; a deployment that kept one can be forged by anyone who read them.
 */
export const LITEMAAS_SAMPLE_JWT_SECRETS: readonly string[] = [
  'changeme',
  'CHANGE-ME-jwt-secret',
  'change-me-secure-jwt-secret-for-production',
  'development-secret-key-change-in-production',
  'development-secret-key-not-for-production',
  'test-secret-key-for-vitest-testing',
  'your-256-bit-secure-random-string-here',
  'your-jwt-secret',
  'your-secret',
  'your-secret-key',
  'your-secure-jwt-secret-64-chars',
  'your-secure-jwt-secret-here',
  'your-strong-jwt-secret-here',
  'your-super-secret-jwt-key',
];

const SAMPLES = new Set(LITEMAAS_SAMPLE_JWT_SECRETS.map((sample) => sample.toLowerCase()));

/**
 * What makes `secret` unfit, worded for a log line that never quotes it; undefined when it is fit.
 *
 * @example
 * jwtSecretWeakness('changeme'); // "one of LiteMaaS's published sample values"
 * jwtSecretWeakness(randomBytes(32).toString('base64')); // undefined
 */
export function jwtSecretWeakness(secret: string): string | undefined {
  const trimmed = secret.trim();
  if (trimmed === '') return 'blank';
  if (SAMPLES.has(trimmed.toLowerCase())) return "one of LiteMaaS's published sample values";
  if (Buffer.byteLength(trimmed, 'utf8') < MIN_JWT_SECRET_BYTES) return `shorter than ${MIN_JWT_SECRET_BYTES} bytes`;
  return undefined;
}
