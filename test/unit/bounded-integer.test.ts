import { describe, expect, it } from 'vitest';
import { parseBoundedInteger } from '../../lib/config.js';

// Plain digits only, as the stack's context keys: the same rule (lib/setting-values.ts) on both sides.
describe('parseBoundedInteger', () => {
  it.each([
    ['20', 20],
    [' 7 ', 7],
    ['1', 1],
  ])('It should read %j as %d', (text, expected) => {
    expect(parseBoundedInteger(text, '--limit', { min: 1, max: 100 })).toBe(expected);
  });

  it.each(['0', '101', '2.5', '1e2', '30.0', '0x10', '', ' ', 'ten', 'Infinity'])('It should refuse %j, naming the setting and its bounds', (text) => {
    expect(() => parseBoundedInteger(text, '--limit', { min: 1, max: 100 })).toThrow(`--limit must be an integer from 1 to 100 (got "${text}").`);
  });
});
