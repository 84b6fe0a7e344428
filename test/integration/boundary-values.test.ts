import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncHarness } from '../support/sync-harness.js';
import type { SyncHarness } from '../support/sync-harness.js';

// The six values LiteLLM can send that do not fit a LiteMaaS column as they are, and what the
// sync stores instead (docs/contract.md §2, "Values that do not fit"). Each model is kept.

let harness: SyncHarness;

beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(() => harness.close());

function entry(params: Record<string, unknown>, modelInfo: Record<string, unknown> | null): Record<string, unknown> {
  return { model_name: 'edge', litellm_params: { model: 'openai/edge', ...params }, model_info: modelInfo };
}

const cases: [string, Record<string, unknown>, string, unknown][] = [
  ['a negative cost becomes NULL', entry({ input_cost_per_token: 0.000002 }, { input_cost_per_token: -0.000001 }), 'input_cost_per_token', null],
  ['a cost beyond DECIMAL(15,10) becomes NULL', entry({}, { output_cost_per_token: 100_000 }), 'output_cost_per_token', null],
  ['a NUL character is stripped', entry({}, { description: 'fast\u0000 model' }), 'description', 'fast model'],
  ['model_info: null is stored as {}', entry({}, null), 'litellm_model_info', {}],
  ['an rpm of 1e12 becomes NULL', entry({ rpm: 1e12 }, {}), 'rpm', null],
  ['a fractional max_tokens becomes NULL', entry({}, { max_tokens: 4096.5 }), 'max_tokens', null],
];

describe('Values that do not fit a LiteMaaS column', () => {
  it.each(cases)('It should keep the model when %s', async (_case, litellmEntry, column, stored) => {
    // Prepare
    harness.litellm.answer({ body: { data: [litellmEntry] } });
    const db = await harness.freshDatabase();

    // Act
    const result = await db.sync();

    // Assess
    expect(result).toMatchObject({ success: true, newModels: 1, errors: [] });
    const { rows } = await db.client.query<Record<string, unknown>>(
      `SELECT availability, ${column === 'litellm_model_info' ? "metadata->'litellm_model_info' AS litellm_model_info" : column} FROM models WHERE id = 'edge'`,
    );
    expect(rows).toEqual([{ availability: 'available', [column]: stored }]);
  });
});
