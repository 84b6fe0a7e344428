import { describe, expect, it } from 'vitest';
import { toCostDecimal } from '../../lib/catalog/values.js';

/**
 * Costs are rounded as PostgreSQL rounds a value into DECIMAL(15,10): half away from zero, on the
 * decimal LiteLLM sent — not on its nearest binary double, which is often just below the half.
 * Each expected text is what `SELECT '<input>'::numeric(15,10)::text` returns.
 */
describe('toCostDecimal', () => {
  it.each([
    [1.5e-10, '0.0000000002'], // the double is 1.49999…e-10: toFixed would give …1
    [2.5e-10, '0.0000000003'],
    ['3.5e-10', '0.0000000004'],
    [0.00000000005, '0.0000000001'],
    [0.00000000004999, '0.0000000000'],
    [1.00000000005, '1.0000000001'],
    [2.5e-6, '0.0000025000'],
    ['6e-06', '0.0000060000'],
    [0, '0.0000000000'],
    ['.5', '0.5000000000'],
    ['12345.123456789049', '12345.1234567890'],
    [12345.12345678905, '12345.1234567891'],
    [1e-20, '0.0000000000'],
    [99999.99999999994, '99999.9999999999'],
  ])('It should round %s to %s', (input, expected) => {
    expect(toCostDecimal(input)).toBe(expected);
  });

  it.each([[-1e-7], ['99999.99999999995'], [100000], ['1e5'], ['abc'], [Number.NaN]])('It should refuse %s (negative, overflows DECIMAL(15,10) or not a number)', (input) => {
    expect(toCostDecimal(input)).toBeNull();
  });

  it.each([
    ['1e-9999999999', '0.0000000000'],
    ['1e-30000000', '0.0000000000'],
    ['0e9999999999', '0.0000000000'],
    [`1e-${'9'.repeat(400)}`, '0.0000000000'],
    ['123e-13', '0.0000000000'],
    ['500e-13', '0.0000000001'],
  ])('It should round %s to zero quickly, whatever its exponent', (input, expected) => {
    const started = performance.now();
    expect(toCostDecimal(input)).toBe(expected);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it.each([['1e9999999999'], ['0.000001e30000000'], ['-1e-9999999999']])('It should refuse %s (far out of range, or negative) without computing it', (input) => {
    const started = performance.now();
    expect(toCostDecimal(input)).toBeNull();
    expect(performance.now() - started).toBeLessThan(50);
  });
});
