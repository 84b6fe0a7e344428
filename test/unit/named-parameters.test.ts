import { describe, expect, it } from 'vitest';
import { toPositional } from '../../lib/db/postgres/named-parameters.js';

describe('toPositional', () => {
  it('It should number each named parameter once, keeping casts', () => {
    const { text, values } = toPositional('SELECT :a::int, :b::jsonb, :a::int', { a: 1, b: '{}' });
    expect(text).toBe('SELECT $1::int, $2::jsonb, $1::int');
    expect(values).toEqual([1, '{}']);
  });

  it('It should leave colons in literals, identifiers, dollar quotes and comments alone', () => {
    const sql = `SELECT 'HH24:MI:SS', "a:b", $fn$ :not $fn$, :real -- :comment\n/* :block */`;
    const { text, values } = toPositional(sql, { real: 'x' });
    expect(text).toBe(`SELECT 'HH24:MI:SS', "a:b", $fn$ :not $fn$, $1 -- :comment\n/* :block */`);
    expect(values).toEqual(['x']);
  });

  it('It should refuse a placeholder that has no value', () => {
    expect(() => toPositional('SELECT :missing::int', {})).toThrow(/:missing has no value/);
  });
});
