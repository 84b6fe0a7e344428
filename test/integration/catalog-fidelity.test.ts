import { describe, expect, it } from 'vitest';
import type { DatabasePort } from '../../lib/db/port.js';
import { ConfigError } from '../../lib/errors.js';
import { createSyncService } from '../../lib/sync/service.js';
import { deployment } from '../support/catalogs.js';
import { readFixture } from '../support/fixtures.js';
import { useSyncHarness, TEST_KEY } from '../support/sync-harness.js';
import type { SyncFixture } from '../support/sync-harness.js';

/**
 * What LiteMaaS users see (contract §7): paused, wildcard and team-only entries, the operator's
 * include/exclude, new models restricted and the retirement grace — each checked on the table.
 */
const basic = readFixture('model-info-basic.json');
const fidelity = readFixture('model-info-2026.json');

type Entry = { model_name: string; litellm_params: Record<string, unknown>; model_info: Record<string, unknown> };

function entries(body: { data: unknown[] }): Entry[] {
  return body.data as Entry[];
}

function without(body: { data: unknown[] }, ...names: string[]): { data: unknown[] } {
  return { data: entries(body).filter((entry) => !names.includes(entry.model_name)) };
}

/** The same catalog with every deployment of the given names paused. */
function paused(body: { data: unknown[] }, ...names: string[]): { data: unknown[] } {
  return {
    data: entries(body).map((entry) =>
      names.includes(entry.model_name) ? { ...entry, model_info: { ...entry.model_info, blocked: true } } : entry,
    ),
  };
}

/** The columns that say what users see, row for row, ordered by id. */
async function published(db: SyncFixture): Promise<Record<string, unknown>[]> {
  const { rows } = await db.client.query<Record<string, unknown>>(
    'SELECT id, availability, restricted_access, litellm_model_id, tpm, rpm, api_base FROM models ORDER BY id',
  );
  return rows;
}

async function availability(db: SyncFixture): Promise<Record<string, string>> {
  const rows = await published(db);
  return Object.fromEntries(rows.map((row) => [String(row.id), String(row.availability)]));
}

const harness = useSyncHarness(() => basic);

describe('the 2026 catalog: paused, wildcard and team-only entries', () => {
  it('It should publish only what users can call and list the rest as ignored, with no error', async () => {
    const db = await harness().freshDatabase();
    harness().litellm.answer({ body: fidelity });
    const result = await db.sync();
    expect(result).toMatchObject({
      success: true,
      errors: [],
      totalModels: 2,
      newModels: 2,
      pausedModels: 0,
      unavailableModels: 0,
      ignoredModels: 3,
      ignored: [
        { model: 'anthropic/*', reason: 'wildcard' },
        { model: 'finance-llama-8b', reason: 'team-only' },
        { model: 'qwen2.5-coder-32b', reason: 'paused-new' },
      ],
    });
    // The paused llama deployment (the smaller id) is not merged: primary, tpm and rpm are the other's.
    expect(await published(db)).toEqual([
      { id: 'gpt-4o', availability: 'available', restricted_access: false, litellm_model_id: '54c7c17668b143e8ba4528abe25720fdd8edd9b1c2e13d17076eef7f62893e9e', tpm: null, rpm: null, api_base: null },
      { id: 'llama-3.1-8b-instruct', availability: 'available', restricted_access: false, litellm_model_id: '5b0f2a9e-6c1d-4f3b-8e27-a94d0c6b1f58', tpm: 200000, rpm: 600, api_base: 'http://vllm-llama31-8b.models.svc.cluster.local:8000/v1' },
    ]);
    const run = await db.service.getRun(result.runId ?? '');
    expect(run).toMatchObject({ status: 'succeeded', ignoredModels: 3, pausedModels: 0, ignored: result.ignored });
  });

  it('It should publish team-only models when the operator includes them', async () => {
    const db = await harness().freshDatabase({ includeTeamModels: true });
    harness().litellm.answer({ body: fidelity });
    const result = await db.sync();
    expect(result.changes.added).toEqual(['finance-llama-8b', 'gpt-4o', 'llama-3.1-8b-instruct']);
    expect((await published(db)).map((row) => row.id)).toEqual(['finance-llama-8b', 'gpt-4o', 'llama-3.1-8b-instruct']);
  });

  it('It should retire a row a wildcard route left behind from an older sync', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    await db.client.query(
      "INSERT INTO models (id, name, provider, availability) VALUES ('anthropic/*', 'anthropic/*', 'anthropic', 'available')",
    );
    harness().litellm.answer({ body: { data: [...basic.data, ...entries(fidelity).filter((e) => e.model_name === 'anthropic/*')] } });
    const result = await db.sync();
    expect(result).toMatchObject({ success: true, changes: { retired: ['anthropic/*'] }, ignored: [{ model: 'anthropic/*', reason: 'wildcard' }] });
    expect((await availability(db))['anthropic/*']).toBe('unavailable');
  });
});

describe('a paused model', () => {
  it('It should become unavailable, outside the guard, and available again (restored) when unpaused', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    // Three of four paused: retiring them would trip the guard; pausing is deliberate and does not.
    harness().litellm.answer({ body: paused(basic, 'gpt-4o', 'qwen2.5-coder-32b', 'claude-sonnet-4-5') });
    const pause = await db.sync();
    expect(pause).toMatchObject({
      success: true,
      pausedModels: 3,
      unavailableModels: 3,
      totalModels: 1,
      ignored: [],
      changes: { paused: ['claude-sonnet-4-5', 'gpt-4o', 'qwen2.5-coder-32b'], retired: [] },
    });
    expect(await availability(db)).toEqual({
      'claude-sonnet-4-5': 'unavailable',
      'gpt-4o': 'unavailable',
      'llama-3.1-8b-instruct': 'available',
      'qwen2.5-coder-32b': 'unavailable',
    });

    const still = await db.sync();
    expect(still).toMatchObject({ pausedModels: 0, unavailableModels: 0, ignored: [], changes: { paused: [] } });

    harness().litellm.answer({ body: basic });
    const unpause = await db.sync();
    expect(unpause).toMatchObject({ success: true, restoredModels: 3, changes: { restored: ['claude-sonnet-4-5', 'gpt-4o', 'qwen2.5-coder-32b'] } });
    expect(Object.values(await availability(db))).toEqual(['available', 'available', 'available', 'available']);
  });
});

describe('a published model whose changed row can no longer be written', () => {
  const longBase = (length: number) => deployment('long-base', { litellm_params: { api_base: `https://example.com/${'p'.repeat(length)}` } });

  it('It should count it as absent: retired (after the grace), and listed among the errors', async () => {
    const db = await harness().freshDatabase();
    harness().litellm.answer({ body: { data: [...basic.data, longBase(10)] } });
    expect((await db.sync()).success).toBe(true);
    harness().litellm.answer({ body: { data: [...basic.data, longBase(600)] } });
    const result = await db.sync();
    expect(result.errors).toEqual([expect.stringContaining('Skipped model "long-base": its api_base is longer')]);
    expect(result.changes.retired).toEqual(['long-base']);
    expect((await availability(db))['long-base']).toBe('unavailable');
  });

  it('It should leave every row as it was when no published model can be written, even when forced', async () => {
    const db = await harness().freshDatabase();
    harness().litellm.answer({ body: { data: [longBase(10)] } });
    expect((await db.sync()).success).toBe(true);
    harness().litellm.answer({ body: { data: [longBase(600)] } });
    const result = await db.sync({ force: true });
    expect(result.success).toBe(false);
    expect(result.errors.join(' ')).toContain('LiteLLM returned no usable model');
    // The refusal says why the catalog came out empty, and counts what was usable.
    expect(result.errors).toContainEqual(expect.stringContaining('Skipped model "long-base": its api_base is longer'));
    expect(result.totalModels).toBe(0);
    expect(await availability(db)).toEqual({ 'long-base': 'available' });
  });
});

describe('include and exclude patterns', () => {
  it('It should publish only matching names; exclude wins; * spans a slash and ? is one character', async () => {
    const db = await harness().freshDatabase({ includeModels: ['llama-?.?-*', 'openai/*', 'gpt-4?'], excludeModels: ['*nano'] });
    harness().litellm.answer({ body: readFixture('model-info-edge.json') });
    const result = await db.sync();
    expect((await published(db)).map((row) => row.id)).toEqual(['llama-3.3-70b-instruct', 'openai/gpt-4o-mini']);
    expect(result.ignored.filter((item) => item.reason === 'filtered').map((item) => item.model)).toEqual([
      'bge-m3',
      'granite-3.3-8b-instruct',
      'mistral-small-24b',
      'openai/gpt-4.1-nano',
      'support-llama-8b-ft', // the name filter comes first: its reason is 'filtered', not 'team-only'
      'whisper-large-v3',
    ]);
  });

  it('It should retire a published model once it is filtered out, under the guard', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    const excluding = createSyncService({ database: db.database, litellmUrl: harness().litellm.url, excludeModels: ['gpt-*'] });
    const result = await excluding.syncModels({ trigger: 'cli' }, { litellmApiKey: TEST_KEY });
    expect(result).toMatchObject({ success: true, changes: { retired: ['gpt-4o'] }, ignored: [{ model: 'gpt-4o', reason: 'filtered' }] });
    expect((await availability(db))['gpt-4o']).toBe('unavailable');

    const before = await db.models();
    const most = createSyncService({ database: db.database, litellmUrl: harness().litellm.url, excludeModels: ['*l*'] });
    const refused = await most.syncModels({ trigger: 'cli' }, { litellmApiKey: TEST_KEY });
    expect(refused).toMatchObject({ success: false, failureReason: 'guard' });
    expect(await db.models()).toEqual(before);
  });

  it('It should refuse an empty pattern as a configuration error', () => {
    const settings = { database: {} as DatabasePort, litellmUrl: 'http://127.0.0.1:9' };
    expect(() => createSyncService({ ...settings, includeModels: ['gpt-*', ''] })).toThrow(ConfigError);
    expect(() => createSyncService({ ...settings, excludeModels: [' '] })).toThrow(/excludeModels has an empty pattern/);
    expect(() => createSyncService({ ...settings, retireAfterMissedRuns: 0 })).toThrow(ConfigError);
  });
});

describe('new models restricted', () => {
  it('It should insert new rows restricted and never write an existing row\'s value', async () => {
    const db = await harness().freshDatabase();
    harness().litellm.answer({ body: without(basic, 'gpt-4o') });
    await db.sync();
    await db.client.query("UPDATE models SET restricted_access = true WHERE id = 'qwen2.5-coder-32b'");
    const restricting = createSyncService({ database: db.database, litellmUrl: harness().litellm.url, newModelsRestricted: true });
    harness().litellm.answer({ body: basic });
    await restricting.syncModels({ trigger: 'cli', forceUpdate: true }, { litellmApiKey: TEST_KEY });
    expect((await published(db)).map((row) => [row.id, row.restricted_access])).toEqual([
      ['claude-sonnet-4-5', false],
      ['gpt-4o', true],
      ['llama-3.1-8b-instruct', false],
      ['qwen2.5-coder-32b', true],
    ]);
    const run = await db.service.listRuns(1);
    expect(run[0]?.options).toMatchObject({ newModelsRestricted: true, retireAfterMissedRuns: 1, includeModels: [], excludeModels: [] });
  });
});

describe('the retirement grace', () => {
  it('It should retire a model only after N successive completed runs missed it; dry and failed runs do not count', async () => {
    const db = await harness().freshDatabase({ retireAfterMissedRuns: 3 });
    await db.sync();
    harness().litellm.answer({ body: without(basic, 'gpt-4o') });
    const first = await db.sync();
    expect(first).toMatchObject({ success: true, unavailableModels: 0, changes: { missing: ['gpt-4o'], retired: [] } });
    await db.sync({ dryRun: true });
    harness().litellm.answer({ status: 503, body: { detail: 'down' } });
    expect((await db.sync()).success).toBe(false);
    harness().litellm.answer({ body: without(basic, 'gpt-4o') });
    const second = await db.sync();
    expect(second.changes).toMatchObject({ missing: ['gpt-4o'], retired: [] });
    expect((await availability(db))['gpt-4o']).toBe('available');
    const { rows } = await db.client.query('SELECT model_id, missed_runs FROM model_sync_missing');
    expect(rows).toEqual([{ model_id: 'gpt-4o', missed_runs: 2 }]);

    const third = await db.sync();
    expect(third).toMatchObject({ unavailableModels: 1, changes: { missing: [], retired: ['gpt-4o'] } });
    expect((await availability(db))['gpt-4o']).toBe('unavailable');
    expect((await db.client.query('SELECT * FROM model_sync_missing')).rows).toEqual([]);
  });

  it('It should start counting again when a model comes back', async () => {
    const db = await harness().freshDatabase({ retireAfterMissedRuns: 2 });
    await db.sync();
    harness().litellm.answer({ body: without(basic, 'gpt-4o') });
    await db.sync();
    harness().litellm.answer({ body: basic });
    const back = await db.sync();
    expect(back).toMatchObject({ success: true, updatedModels: 0, changes: { missing: [] } });
    expect((await db.client.query('SELECT * FROM model_sync_missing')).rows).toEqual([]);
    harness().litellm.answer({ body: without(basic, 'gpt-4o') });
    const again = await db.sync();
    expect(again.changes).toMatchObject({ missing: ['gpt-4o'], retired: [] });
    expect((await availability(db))['gpt-4o']).toBe('available');
  });
});

describe('the retirement grace under the guard', () => {
  it('It should refuse the run in which too many models would be retired, keeping the counts, until forced', async () => {
    const db = await harness().freshDatabase({ retireAfterMissedRuns: 2 });
    await db.sync();
    harness().litellm.answer({ body: { data: basic.data.slice(0, 1) } }); // three of four gone
    expect((await db.sync()).changes.missing).toHaveLength(3);
    const before = await db.models();
    const refused = await db.sync();
    expect(refused).toMatchObject({ success: false, failureReason: 'guard', unavailableModels: 0 });
    expect(refused.errors.at(-1)).toMatch(/retire 3 of 4 available models/);
    expect(await db.models()).toEqual(before);
    const counts = await db.client.query('SELECT model_id, missed_runs FROM model_sync_missing ORDER BY model_id');
    expect(counts.rows.map((row: { missed_runs: number }) => row.missed_runs)).toEqual([1, 1, 1]);
    const forced = await db.sync({ force: true });
    expect(forced).toMatchObject({ success: true, unavailableModels: 3, changes: { missing: [] } });
  });
});

describe('a LiteLLM answer larger than LITELLM_MAX_RESPONSE_BYTES', () => {
  it('It should fail the run with the cap in its message and write no model', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    const before = await db.models();
    const capped = createSyncService({ database: db.database, litellmUrl: harness().litellm.url, litellmMaxResponseBytes: 2_000 });
    harness().litellm.answer({ body: fidelity });
    const result = await capped.syncModels({ trigger: 'cli' }, { litellmApiKey: TEST_KEY });
    expect(result).toMatchObject({ success: false, failureReason: 'litellm', newModels: 0 });
    expect(result.errors[0]).toMatch(/larger than 2000 bytes \(LITELLM_MAX_RESPONSE_BYTES\)/);
    expect(await db.models()).toEqual(before);
  });
});

describe("LiteLLM's 401 answer", () => {
  it('It should leave the key hash out of the result and the recorded run', async () => {
    const db = await harness().freshDatabase();
    harness().litellm.answer({ status: 401, body: readFixture('error-401.json') });
    const result = await db.sync();
    const hash = 'd5568bf235b137109f05d7809524977a65517b4749dec14163203bc560818978';
    expect(result.errors.join(' ')).toMatch(/HTTP 401/);
    expect(JSON.stringify(result)).not.toContain(hash);
    const runs = await db.client.query('SELECT * FROM model_sync_runs');
    expect(runs.rows).toHaveLength(1);
    expect(JSON.stringify(runs.rows)).not.toContain(hash);
  });
});
