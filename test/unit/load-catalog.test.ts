import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../lib/catalog/build-catalog.js';
import type { DesiredModelRow } from '../../lib/catalog/types.js';
import { DEFAULT_BLOCK_LENGTH } from '../../lib/litellm/packed-texts.js';
import { loadCatalog, rowsToSend } from '../../lib/sync/load-catalog.js';
import type { RowProblem } from '../../lib/sync/load-catalog.js';
import { resolveSettings } from '../../lib/sync/settings.js';
import type { ResolvedSettings, SyncServiceSettings } from '../../lib/sync/settings.js';
import { startLiteLLMStandIn } from '../../local/litellm-stand-in.js';
import type { LiteLLMStandIn } from '../../local/litellm-stand-in.js';
import { readFixture } from '../support/fixtures.js';

interface Entry {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
}

/**
 * The 2026 catalog's entries (paused, wildcard and team-only ones among them) copied `copies`
 * times under new names, listed once per region: each published model has two deployments a
 * whole region apart, so its entries sit in different compressed blocks.
 */
function twoRegionCatalog(copies: number): { data: Entry[] } {
  const templates = readFixture('model-info-2026.json').data as Entry[];
  const data = ['us', 'eu'].flatMap((region) =>
    Array.from({ length: copies }, (_, copy) =>
      templates.map((template, index) => ({
        ...template,
        model_name: `${template.model_name}-${copy}`,
        litellm_params: { ...template.litellm_params, api_base: `https://${region}.example.test/v1` },
        model_info: { ...template.model_info, id: `${region}-${copy}-${index}` },
      })),
    ).flat(),
  );
  return { data };
}

const byId = (a: DesiredModelRow, b: DesiredModelRow): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
let litellm: LiteLLMStandIn;

/** The default settings against the stand-in; loading a catalog reads no database. */
function settings(): ResolvedSettings {
  return resolveSettings({ litellmUrl: litellm.url } as SyncServiceSettings);
}

beforeAll(async () => {
  litellm = await startLiteLLMStandIn();
});
afterAll(() => litellm.close());

describe('loadCatalog and rowsToSend', () => {
  it('It should make the same rows from the compressed entry texts as from the parsed answer, for a catalog of many blocks', async () => {
    const body = twoRegionCatalog(40);
    expect(JSON.stringify(body).length).toBeGreaterThan(10 * DEFAULT_BLOCK_LENGTH);
    litellm.answer({ body });
    const catalog = await loadCatalog(settings(), 'sk-test');
    const problems: RowProblem[] = [];
    const rows = [...rowsToSend(catalog, catalog.models, problems)].map((sent) => sent.row);
    const expected = buildCatalog(body.data);
    expect(expected.rows).toHaveLength(80); // gpt-4o and llama-3.1-8b-instruct of each copy: the rest is paused, a wildcard or a team's

    expect(rows.sort(byId)).toEqual(expected.rows.sort(byId));
    expect(problems).toEqual([]);
  });

  it("It should change exactly the fingerprint of the model whose entry changed, by one byte, far down the list", async () => {
    const body = twoRegionCatalog(40);
    litellm.answer({ body });
    const fingerprints = async (): Promise<Map<string, string>> =>
      new Map((await loadCatalog(settings(), 'sk-test')).models.map((model) => [model.id, model.fingerprint]));
    const before = await fingerprints();
    expect(await fingerprints()).toEqual(before);
    const changed = body.data.filter((entry) => entry.model_name === 'gpt-4o-39').at(-1);
    if (changed === undefined) throw new Error('gpt-4o-39 is not in the catalog');
    changed.model_info = { ...changed.model_info, max_tokens: Number(changed.model_info.max_tokens ?? 0) + 1 };
    litellm.answer({ body });
    const after = await fingerprints();
    expect([...after].filter(([id, fingerprint]) => before.get(id) !== fingerprint).map(([id]) => id)).toEqual(['gpt-4o-39']);
  });
});
