/**
 * Reading one CDK context value. Values given with `-c` always arrive as strings ("false", "30");
 * values from `cdk.json` keep their JSON type. Every reader accepts both and throws `InvalidValue`
 * naming its key, which `parseConfig` collects into one `ContextConfigError`.
 */

import { parseBooleanText, parseBoundedNumber } from '../../lib/setting-values.js';
import type { NumberBounds } from '../../lib/setting-values.js';

/** Reads one context value; `node.tryGetContext` fits. */
export type ContextReader = (key: string) => unknown;

/** Thrown when context values are invalid; the message lists every problem. */
export class ContextConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid CDK context:\n- ${problems.join('\n- ')}`);
    this.name = 'ContextConfigError';
  }
}

/** One bad value; `parseConfig` turns these into the list of problems. */
export class InvalidValue extends Error {}

/** A context value as trimmed text; unset, null and empty all mean "not given". */
export function readText(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new InvalidValue(`${key} must be a single value, not ${Array.isArray(value) ? 'a list' : 'an object'}`);
  }
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** A list from a JSON array (cdk.json) or comma-separated text (`-c key=a,b`). */
export function readList(read: ContextReader, key: string): string[] | undefined {
  const value = read(key);
  const items = Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : String(item))) : readText(read, key)?.split(',');
  const cleaned = items?.map((item) => item.trim()).filter((item) => item !== '');
  return cleaned === undefined || cleaned.length === 0 ? undefined : cleaned;
}

/** `true` or `false` in any case (`lib/setting-values.ts`, the rule the functions apply too). */
export function readBoolean(read: ContextReader, key: string): boolean | undefined {
  const text = readText(read, key);
  if (text === undefined) return undefined;
  const value = parseBooleanText(text);
  if (value === undefined) throw new InvalidValue(`${key} must be true or false (got "${text.toLowerCase()}")`);
  return value;
}

/**
 * A number within bounds (`lib/setting-values.ts`, the rule the functions apply too); `describe`
 * says what was expected, e.g. "an integer from 1 to 1440".
 */
export function readBoundedNumber(read: ContextReader, key: string, bounds: NumberBounds, describe: string): number | undefined {
  const text = readText(read, key);
  if (text === undefined) return undefined;
  const value = parseBoundedNumber(text, bounds);
  if (value === undefined) throw new InvalidValue(`${key} must be ${describe} (got "${text}")`);
  return value;
}
