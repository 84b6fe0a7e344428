import type { MiddlewareObj, Request } from '@middy/core';
import secretsManager from '@middy/secrets-manager';
import { ConfigError } from '../../lib/errors.js';

/** How long a fetched key is reused: a rotated key is picked up within this time. */
export const LITELLM_KEY_CACHE_MS = 5 * 60 * 1000;

/** Where `@middy/secrets-manager` puts the fetched secret on the Lambda context. */
export const LITELLM_KEY_CONTEXT_FIELD = 'litellmApiKey';

/**
 * The middleware that fetches the LiteLLM key secret before an invocation (cached for
 * {@link LITELLM_KEY_CACHE_MS}) and puts it on the context, never in the environment or logs.
 * `when` decides per request whether the key is needed at all (the API only needs it for
 * `POST /sync`): a request that does not need it never calls Secrets Manager, so an outage there
 * cannot turn its answer into a 500.
 * Prefetching at init is disabled: a failed prefetch would be a promise nobody awaits until the
 * first invocation, which Node reports as an unhandled rejection and the Lambda runtime treats as
 * a crash; fetching in `before` reports the failure as that invocation's error instead.
 */
export function litellmKeyMiddleware<TEvent, TResult>(
  secretArn: string,
  when: (request: Request<TEvent, TResult>) => boolean = () => true,
): MiddlewareObj<TEvent, TResult> {
  const fetchKey = secretsManager({
    fetchData: { [LITELLM_KEY_CONTEXT_FIELD]: secretArn },
    setToContext: true,
    cacheExpiry: LITELLM_KEY_CACHE_MS,
    disablePrefetch: true,
  }) as MiddlewareObj<TEvent, TResult>;
  return {
    name: 'litellm-key',
    before: async (request) => {
      if (when(request)) await fetchKey.before?.(request);
    },
  };
}

/**
 * The key from what the middleware put on the context. `@middy/secrets-manager` JSON-parses
 * values that look like JSON, so the secret arrives as a plain string or as `{ "apiKey": ... }`.
 * The error never quotes the value.
 */
export function litellmKeyFrom(context: object): string {
  const value: unknown = Reflect.get(context, LITELLM_KEY_CONTEXT_FIELD);
  const key = typeof value === 'string' ? value : apiKeyField(value);
  if (key === undefined || key.trim() === '') {
    throw new ConfigError(
      'The secret named by LITELLM_API_KEY_SECRET_ARN must hold the LiteLLM master key as a plain string ' +
        'or as JSON with a non-empty string "apiKey" field.',
    );
  }
  return key.trim();
}

function apiKeyField(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const apiKey: unknown = (value as { apiKey?: unknown }).apiKey;
  return typeof apiKey === 'string' ? apiKey : undefined;
}
