/**
 * Removes credentials from LiteLLM deployment parameters before they are stored (contract §2).
 * LiteLLM drops `api_key` but only partly masks other secrets and leaves URLs alone.
 */

import { isSecretKey, stripUrlCredentials } from '../credentials.js';

/** Deep copy without secret-looking keys (at any depth) and without credentials in URLs. */
export function scrubCredentials(value: unknown): unknown {
  if (typeof value === 'string') return stripUrlCredentials(value);
  if (Array.isArray(value)) return value.map(scrubCredentials);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !isSecretKey(key))
        .map(([key, item]) => [key, scrubCredentials(item)]),
    );
  }
  return value;
}
