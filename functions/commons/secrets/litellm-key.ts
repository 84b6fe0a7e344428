import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigError } from '../../../lib/errors.js';
import { secretField } from './secret-value.js';

/**
 * How long a fetched key is reused (Powertools caches it per container): a rotated key is picked
 * up within this time, and a busy API reads Secrets Manager at most once per period.
 */
const LITELLM_KEY_CACHE_SECONDS = 5 * 60;

const WRONG_SHAPE =
  'The secret named by LITELLM_API_KEY_SECRET_ARN must hold the LiteLLM master key as a plain string ' +
  'or as JSON with a non-empty string "apiKey" field.';

/** The key in a secret value: a plain string, or JSON `{"apiKey": ...}`. The error never quotes the value. */
export function litellmKeyFromSecret(value: unknown): string {
  const key = secretField(value, 'apiKey')?.trim();
  if (key === undefined || key === '') throw new ConfigError(WRONG_SHAPE);
  return key;
}

/**
 * Reads the LiteLLM key where it is used, only by a request that runs a sync (cached for
 * {@link LITELLM_KEY_CACHE_SECONDS}); a failed read is not cached, so the next request tries again.
 * The key stays in memory: never in the environment, the logs or an error.
 */
export async function readLitellmKey(secretArn: string): Promise<string> {
  return litellmKeyFromSecret(await getSecret(secretArn, { maxAge: LITELLM_KEY_CACHE_SECONDS }));
}
