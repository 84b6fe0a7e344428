/**
 * The catalog policy the functions receive as `SYNC_*` variables, checked at synth with the rules the
 * functions apply (`lib/catalog/name-patterns.ts`, `lib/setting-values.ts`).
 */

import { RETIRE_AFTER_MISSED_RUNS_BOUNDS } from '../../lib/config.js';
import { splitNamePatterns } from '../../lib/catalog/name-patterns.js';
import { ConfigError } from '../../lib/errors.js';
import { InvalidValue, readBoundedNumber, readText } from './context-reader.js';
import type { ContextReader } from './context-reader.js';

/**
 * Model-name globs from a JSON array or comma-separated text. The functions receive them as one
 * comma-separated variable, so an empty item or an item with a comma is refused here, at synth.
 */
export function readPatternList(read: ContextReader, key: string): string[] | undefined {
  const value = read(key);
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    const bad = value.findIndex((item) => typeof item !== 'string' || item.trim() === '' || item.includes(','));
    if (bad >= 0) {
      throw new InvalidValue(`${key} item ${bad + 1} must be a non-empty model-name glob without a comma, e.g. "gpt-*" (got ${JSON.stringify(value[bad])})`);
    }
    return value.map((item) => String(item).trim());
  }
  const text = readText(read, key);
  if (text === undefined) return undefined;
  try {
    return splitNamePatterns(text, key); // the rule the functions apply to the variable
  } catch (error) {
    if (error instanceof ConfigError) throw new InvalidValue(error.message);
    throw error;
  }
}

/** Successive missed runs before a model is retired. */
export function readRunCount(read: ContextReader, key: string): number | undefined {
  const { min, max } = RETIRE_AFTER_MISSED_RUNS_BOUNDS;
  return readBoundedNumber(read, key, { min, max, integer: true }, `a whole number of runs from ${min} to ${max}`);
}

/** A share from 0 to 1, e.g. the largest share of available models one run may retire. */
export function readFraction(read: ContextReader, key: string): number | undefined {
  return readBoundedNumber(read, key, { min: 0, max: 1 }, 'a number from 0 to 1');
}
