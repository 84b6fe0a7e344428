import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCostDecimal } from '../../lib/catalog/values.js';
import { startTestPostgres } from '../support/postgres.js';
import type { TestPostgres } from '../support/postgres.js';

/** The costs the sync writes equal what PostgreSQL itself stores for the same input (contract §7). */
let postgres: TestPostgres;

beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(() => postgres.stop());

/** Costs near every rounding edge: x.5 at the 11th decimal, their neighbours, and typical prices. */
function edgeCosts(): number[] {
  const costs: number[] = [];
  for (let unit = 1; unit <= 60; unit += 1) {
    for (const half of [0.5, 0.49, 0.51, 0.05]) costs.push((unit + half) * 1e-10, (unit + half) * 1e-7, unit * 1.5e-9);
  }
  return costs;
}

describe('cost rounding', () => {
  it('It should give, for every input, the text PostgreSQL stores in DECIMAL(15,10)', async () => {
    const inputs = [...edgeCosts().map(String), '6e-06', '2.5E-10', '99999.99999999994', '0.00000000005'];
    const { rows } = await postgres.client.query<{ input: string; stored: string }>(
      'SELECT input, input::numeric(15,10)::text AS stored FROM unnest($1::text[]) AS input',
      [inputs],
    );
    const mismatches = rows.filter((row) => toCostDecimal(row.input) !== row.stored);
    expect(rows).toHaveLength(inputs.length);
    expect(mismatches).toEqual([]);
  });
});
