import { ConfigError } from './errors.js';
import { DEFAULT_LITELLM_RETRY_POLICY } from './litellm/client.js';
import type { LiteLLMRetryPolicy } from './litellm/client.js';

/** Environment variables as Node gives them; unset and empty mean the same: not given. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A trimmed value, or undefined when it is missing or blank: such a setting counts as not given. */
export function givenValue(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** A variable's value, or undefined when it is unset or empty. */
export function readVariable(env: Environment, name: string): string | undefined {
  return givenValue(env[name]);
}

/** Checks that a LiteLLM URL is an http(s) URL; loopback addresses are fine. */
export function parseLiteLLMUrl(value: string | undefined, source: string): string {
  if (value === undefined) {
    throw new ConfigError(`No LiteLLM URL: set ${source} to the proxy base URL, e.g. http://localhost:4000.`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${source} is not a URL; give the LiteLLM proxy base URL, e.g. http://localhost:4000.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source} must be an http or https URL.`);
  }
  return value.replace(/\/+$/, '');
}

/** A number from a variable within bounds, or the default when not given. */
export function readNumber(
  env: Environment,
  name: string,
  fallback: number,
  bounds: { min: number; max: number; integer?: boolean },
): number {
  const text = readVariable(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  const kind = bounds.integer === true ? 'an integer' : 'a number';
  if (!Number.isFinite(value) || (bounds.integer === true && !Number.isInteger(value)) || value < bounds.min || value > bounds.max) {
    throw new ConfigError(`${name} must be ${kind} from ${bounds.min} to ${bounds.max} (got "${text}").`);
  }
  return value;
}

/** `SYNC_MAX_RETIRE_FRACTION`: the share of available models one run may retire. */
export function readMaxRetireFraction(env: Environment): number {
  return readNumber(env, 'SYNC_MAX_RETIRE_FRACTION', 0.5, { min: 0, max: 1 });
}

/** LiteLLM timeouts: `LITELLM_TIMEOUT_MS` and `LITELLM_MAX_ATTEMPTS` over a caller's defaults. */
export function readLiteLLMRetryPolicy(
  env: Environment,
  defaults: LiteLLMRetryPolicy = DEFAULT_LITELLM_RETRY_POLICY,
): LiteLLMRetryPolicy {
  return {
    ...defaults,
    timeoutMs: readNumber(env, 'LITELLM_TIMEOUT_MS', defaults.timeoutMs, { min: 100, max: 120_000, integer: true }),
    maxAttempts: readNumber(env, 'LITELLM_MAX_ATTEMPTS', defaults.maxAttempts, { min: 1, max: 10, integer: true }),
  };
}
