import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../lib/catalog/build-catalog.js';
import { createNameFilter } from '../../lib/catalog/name-patterns.js';
import { readFixture } from '../support/fixtures.js';

const fidelity = readFixture('model-info-2026.json').data;
const publishAll = { nameFilter: createNameFilter([], []), includeTeamModels: false };

function entry(name: string, info: Record<string, unknown>): unknown {
  return { model_name: name, litellm_params: { model: `openai/${name}` }, model_info: info };
}

describe('what the catalog publishes (contract §7)', () => {
  it('It should leave out the wildcard route and the team-only model and pause the all-paused name', () => {
    const catalog = buildCatalog(fidelity, publishAll);
    expect(catalog.rows.map((row) => row.id)).toEqual(['gpt-4o', 'llama-3.1-8b-instruct']);
    expect(catalog.paused).toEqual(['qwen2.5-coder-32b']);
    expect(catalog.ignored).toEqual([
      { model: 'anthropic/*', reason: 'wildcard' },
      { model: 'finance-llama-8b', reason: 'team-only' },
    ]);
    expect(catalog.errors).toEqual([]);
  });

  it('It should merge only unpaused deployments, whatever their order', () => {
    const llama = buildCatalog([...fidelity].reverse(), publishAll).rows.find((row) => row.id === 'llama-3.1-8b-instruct');
    expect(llama).toMatchObject({ litellm_model_id: '5b0f2a9e-6c1d-4f3b-8e27-a94d0c6b1f58', tpm: 200000, rpm: 600 });
  });

  it('It should not merge a team-only deployment into a global model unless team models are included', () => {
    const entries = [entry('m', { id: 'b', supports_vision: false }), entry('m', { id: 'a', team_id: 't1', supports_vision: true })];
    expect(buildCatalog(entries, publishAll).rows[0]).toMatchObject({ litellm_model_id: 'b', supports_vision: false });
    expect(buildCatalog(entries, { ...publishAll, includeTeamModels: true }).rows[0]).toMatchObject({ litellm_model_id: 'a', supports_vision: true });
  });

  it('It should treat a blank team_id and blocked other than true as a global, callable deployment', () => {
    const catalog = buildCatalog([entry('x', { id: '1', team_id: ' ', blocked: 'true' })], publishAll);
    expect(catalog.rows.map((row) => row.id)).toEqual(['x']);
  });

  it('It should report a filtered name as filtered before any other reason', () => {
    const filter = { nameFilter: createNameFilter([], ['qwen*', 'finance-*']), includeTeamModels: false };
    expect(buildCatalog(fidelity, filter).ignored).toEqual([
      { model: 'anthropic/*', reason: 'wildcard' },
      { model: 'finance-llama-8b', reason: 'filtered' },
      { model: 'qwen2.5-coder-32b', reason: 'filtered' },
    ]);
  });
});
