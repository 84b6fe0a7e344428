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

/**
 * Credentials removed from every URL inside a value (model_info is stored whole: its keys are
 * LiteLLM's own, such as `key`, and cannot be judged by name). Returns the same object when no URL
 * changes, so that a large catalog is not copied for nothing.
 */
export function scrubUrls(value: unknown): unknown {
  if (typeof value === 'string') return stripUrlCredentials(value);
  if (Array.isArray(value)) {
    const items = value.map(scrubUrls);
    return items.every((item, index) => item === value[index]) ? value : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const cleaned = entries.map(([key, item]) => [key, scrubUrls(item)] as const);
    return cleaned.every(([, item], index) => item === entries[index]?.[1]) ? value : Object.fromEntries(cleaned);
  }
  return value;
}
