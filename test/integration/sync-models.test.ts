import { describe, expect, it } from 'vitest';
import type { DatabasePort } from '../../lib/db/port.js';
import { createSyncService } from '../../lib/sync/service.js';
import { readFixture } from '../support/fixtures.js';
import { wrapDatabase } from '../support/faulty-database.js';
import { useSyncHarness, TEST_KEY } from '../support/sync-harness.js';
import { holdSyncLock } from '../support/sync-lock.js';

const basic = readFixture('model-info-basic.json');
const edge = readFixture('model-info-edge.json');

function catalogOf(...entries: unknown[][]): { data: unknown[] } {
  return { data: entries.flat() };
}

function withoutModel(body: { data: unknown[] }, name: string): { data: unknown[] } {
  return { data: body.data.filter((entry) => (entry as { model_name: string }).model_name !== name) };
}

const harness = useSyncHarness(() => basic);

describe('a first sync', () => {
  it('It should insert every model of the catalog and record the run', async () => {
    const db = await harness().freshDatabase();
    const result = await db.sync();
    expect(result).toMatchObject({
      success: true,
      totalModels: 4,
      newModels: 4,
      updatedModels: 0,
      unavailableModels: 0,
      errors: [],
      skipped: false,
      dryRun: false,
      trigger: 'cli',
    });
    expect(result.runId).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await db.models();
    expect(rows.map((row) => row.id)).toEqual(['claude-sonnet-4-5', 'gpt-4o', 'llama-3.1-8b-instruct', 'qwen2.5-coder-32b']);
    expect(rows.find((row) => row.id === 'gpt-4o')).toMatchObject({
      provider: 'openai',
      availability: 'available',
      features: ['chat', 'function_calling', 'tool_choice', 'vision'],
      input_cost_per_token: '0.0000025000',
      context_length: 128000,
      restricted_access: false,
    });
    const run = await db.service.getRun(result.runId ?? '');
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'cli', newModels: 4, changes: { added: result.changes.added } });
  });
});

describe('an identical re-sync', () => {
  it('It should write nothing and leave every updated_at as it was', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    const before = await db.models();
    const second = await db.sync();
    expect(second).toMatchObject({ success: true, newModels: 0, updatedModels: 0, unavailableModels: 0, unchangedModels: 4 });
    expect(await db.models()).toEqual(before);
  });

  it('It should see no change when LiteLLM lists load-balanced deployments in another order', async () => {
    const db = await harness().freshDatabase();
    harness().litellm.answer({ body: edge });
    await db.sync();
    const before = await db.models();
    harness().litellm.answer({ body: { data: [...edge.data].reverse() } });
    const second = await db.sync();
    expect(second).toMatchObject({ newModels: 0, updatedModels: 0 });
    expect(await db.models()).toEqual(before);
  });

  it('It should find a row edited behind its back and put the synced columns right', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    await db.client.query("UPDATE models SET provider = 'tampered' WHERE id = 'gpt-4o'");
    const result = await db.sync();
    expect(result.changes.updated).toEqual(['gpt-4o']);
    expect((await db.models()).find((row) => row.id === 'gpt-4o')?.provider).toBe('openai');
  });
});

describe('merging deployments', () => {
  it('It should store one row per model name', async () => {
    const db = await harness().freshDatabase();
    harness().litellm.answer({ body: edge });
    const result = await db.sync();
    // Nine deployments, eight names; one is team-only, so left out by default (contract §7).
    expect(result).toMatchObject({ totalModels: 7, ignored: [{ model: 'support-llama-8b-ft', reason: 'team-only' }] });
    const llama = (await db.models()).filter((row) => row.id === 'llama-3.3-70b-instruct');
    expect(llama).toHaveLength(1);
    expect(llama[0]).toMatchObject({ tpm: 800000, rpm: 600 });
  });
});

describe('retiring and restoring', () => {
  it('It should retire a removed model and restore it when it comes back', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    harness().litellm.answer({ body: withoutModel(basic, 'gpt-4o') });
    const retire = await db.sync();
    expect(retire).toMatchObject({ success: true, unavailableModels: 1, changes: { retired: ['gpt-4o'] } });
    expect((await db.models()).find((row) => row.id === 'gpt-4o')?.availability).toBe('unavailable');

    const quiet = await db.sync();
    expect(quiet.unavailableModels).toBe(0); // counts only this run's retirements (LiteMaaS bug §5.7)

    harness().litellm.answer({ body: basic });
    const restore = await db.sync();
    expect(restore).toMatchObject({ success: true, updatedModels: 1, restoredModels: 1, changes: { restored: ['gpt-4o'] } });
    expect((await db.models()).find((row) => row.id === 'gpt-4o')?.availability).toBe('available');
  });

  it('It should leave missing models available with markUnavailable: false', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    harness().litellm.answer({ body: withoutModel(basic, 'gpt-4o') });
    const result = await db.sync({ markUnavailable: false });
    expect(result).toMatchObject({ success: true, unavailableModels: 0 });
    expect((await db.models()).every((row) => row.availability === 'available')).toBe(true);
  });
});

describe('the mass-retirement guard', () => {
  it.each([
    ['an empty catalog', { body: { data: [] } }],
    ['"LLM Model List not loaded in"', { status: 500, body: { detail: { error: 'LLM Model List not loaded in. Make sure…' } } }],
  ])('It should refuse %s and retire nothing', async (_, answer) => {
    const db = await harness().freshDatabase();
    await db.sync();
    const before = await db.models();
    harness().litellm.answer(answer);
    const result = await db.sync();
    expect(result).toMatchObject({ success: false, failureReason: 'guard', unavailableModels: 0 });
    expect(result.errors.join(' ')).toMatch(/(no usable model|not loaded in).*changed nothing/);
    expect(await db.models()).toEqual(before);

    // force overrides only the retirement fraction: an empty catalog still retires nothing.
    const forced = await db.sync({ force: true });
    expect(forced).toMatchObject({ success: false, failureReason: 'guard', unavailableModels: 0 });
    expect(await db.models()).toEqual(before);
  });

  it('It should refuse to retire more than half of the models, and force overrides it', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    const before = await db.models();
    const keepOne = { data: basic.data.slice(0, 1) };
    harness().litellm.answer({ body: keepOne });
    const refused = await db.sync();
    expect(refused).toMatchObject({ success: false, failureReason: 'guard', unavailableModels: 0 });
    expect(refused.errors[0]).toMatch(/retire 3 of 4 available models/);
    expect(await db.models()).toEqual(before);

    const forced = await db.sync({ force: true });
    expect(forced).toMatchObject({ success: true, unavailableModels: 3 });
  });

  it('It should write nothing at all when it refuses, not even new models', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    const before = await db.models();
    harness().litellm.answer({ body: catalogOf(basic.data.slice(0, 1), [{ model_name: 'brand-new', litellm_params: { model: 'openai/x' }, model_info: { id: 'n' } }]) });
    const refused = await db.sync();
    expect(refused).toMatchObject({ success: false, failureReason: 'guard', newModels: 0 });
    expect(await db.models()).toEqual(before);
  });
});

describe('forceUpdate', () => {
  it('It should rewrite every present row', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    const before = await db.models();
    const result = await db.sync({ forceUpdate: true });
    expect(result).toMatchObject({ success: true, updatedModels: 4, newModels: 0 });
    const after = await db.models();
    expect(after).toHaveLength(4);
    after.forEach((row, index) => expect(row.updated_at).not.toEqual(before[index]?.updated_at));
  });
});

describe('columns LiteMaaS owns', () => {
  it('It should keep description once set, restricted_access and encrypted_api_key', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    await db.client.query(
      "UPDATE models SET description = 'Edited by an admin', restricted_access = true, encrypted_api_key = 'enc:abc' WHERE id = 'llama-3.1-8b-instruct'",
    );
    await db.client.query("UPDATE models SET description = NULL WHERE id = 'qwen2.5-coder-32b'");
    const result = await db.sync({ forceUpdate: true });
    expect(result.success).toBe(true);
    const rows = await db.models();
    expect(rows.find((row) => row.id === 'llama-3.1-8b-instruct')).toMatchObject({
      description: 'Edited by an admin',
      restricted_access: true,
      encrypted_api_key: 'enc:abc',
    });
    // An empty description is filled from LiteLLM.
    expect(rows.find((row) => row.id === 'qwen2.5-coder-32b')?.description).toBe('Qwen2.5 Coder 32B (vLLM, tensor-parallel 2)');
  });

  it('It should not count a description an admin set as a change', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    await db.client.query("UPDATE models SET description = 'Admin text' WHERE id = 'gpt-4o'");
    const result = await db.sync();
    expect(result).toMatchObject({ updatedModels: 0, newModels: 0 });
  });
});

describe('credentials', () => {
  it('It should never store secret-looking values from litellm_params', async () => {
    const db = await harness().freshDatabase();
    const secret = 'sentinel-credential-93b1';
    harness().litellm.answer({
      body: catalogOf([
        {
          model_name: 'with-secrets',
          litellm_params: {
            model: 'openai/x',
            api_key: secret,
            api_base: `https://user:${secret}@llm.example.com/v1`,
            aws_secret_access_key: secret,
            extra_headers: { Authorization: `Bearer ${secret}`, 'X-Gateway-Token': secret },
            vertex_credentials: { private_key: secret },
          },
          model_info: { id: 'x' },
        },
      ]),
    });
    await db.sync();
    const dump = JSON.stringify(await db.models());
    expect(dump).not.toContain(secret);
    expect(dump).toContain('https://llm.example.com/v1');
    const runs = await db.client.query('SELECT * FROM model_sync_runs');
    expect(JSON.stringify(runs.rows)).not.toContain(secret);
    expect(JSON.stringify(runs.rows)).not.toContain(TEST_KEY);
  });
});

describe('entries that cannot be synced', () => {
  it('It should be listed in errors and fail the run while the valid ones are committed', async () => {
    const db = await harness().freshDatabase();
    harness().litellm.answer({ body: catalogOf(basic.data, [{ model_name: '' }, 17]) });
    const result = await db.sync();
    expect(result).toMatchObject({ success: false, newModels: 4 });
    expect(result.errors).toHaveLength(2);
    expect(await db.models()).toHaveLength(4);
    expect(await db.service.getRun(result.runId ?? '')).toMatchObject({ status: 'failed', newModels: 4 });
  });
});

describe('a dry run', () => {
  it('It should report the exact outcome, change nothing and record nothing', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    const before = await db.models();
    const runs = await db.runCount();
    harness().litellm.answer({ body: catalogOf(withoutModel(basic, 'gpt-4o').data, [{ model_name: 'new-one', litellm_params: { model: 'openai/n' }, model_info: { id: 'n' } }]) });
    const result = await db.sync({ dryRun: true });
    expect(result).toMatchObject({ success: true, dryRun: true, newModels: 1, unavailableModels: 1, changes: { added: ['new-one'], retired: ['gpt-4o'] } });
    expect(result.runId).toBeUndefined();
    expect(await db.models()).toEqual(before);
    expect(await db.runCount()).toBe(runs);
  });
});

/** A port that fails at the k-th statement run inside a transaction (counting from 1). */
function failingInTransaction(database: DatabasePort, failAt: number): DatabasePort {
  let sinceBegin = 0;
  return wrapDatabase(database, (step) => {
    sinceBegin = step.name === 'begin' ? 0 : sinceBegin + 1;
    if (step.inTransaction && step.name !== 'commit' && sinceBegin === failAt) {
      throw new Error(`injected failure at ${step.name}`);
    }
  });
}

describe('a failure in the middle of a sync', () => {
  it.each([1, 2, 3])('It should leave the table exactly as before when it fails at transaction statement %i', async (failAt) => {
    const db = await harness().freshDatabase();
    harness().litellm.answer({ body: edge });
    await db.sync();
    const before = await db.models();
    // New, changed and removed models: an upsert, a retirement and the record all run in the transaction.
    harness().litellm.answer({
      body: catalogOf(withoutModel(edge, 'bge-m3').data, basic.data.slice(0, 2)),
    });
    const failing = createSyncService({ database: failingInTransaction(db.database, failAt), litellmUrl: harness().litellm.url });
    const result = await failing.syncModels({ trigger: 'manual' }, { litellmApiKey: TEST_KEY });
    expect(result).toMatchObject({ success: false, failureReason: 'internal', newModels: 0, updatedModels: 0, unavailableModels: 0 });
    expect(await db.models()).toEqual(before);
    expect(await db.service.getRun(result.runId ?? '')).toMatchObject({ status: 'failed', failureReason: 'internal' });
  });
});

describe('concurrent syncs', () => {
  it('It should let one run and report the other skipped at once', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    harness().litellm.answer({ body: edge });
    const second = createSyncService({ database: db.database, litellmUrl: harness().litellm.url });
    const lock = await holdSyncLock(db.client);
    const started = Date.now();
    const skipped = await second.syncModels({ trigger: 'schedule' }, { litellmApiKey: TEST_KEY });
    await lock.release();
    expect(skipped).toMatchObject({ success: false, skipped: true, failureReason: 'busy' });
    expect(skipped.errors[0]).toMatch(/another sync is running/);
    // Had it waited for the lock it would never have returned: the holder commits only afterwards.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await db.service.getRun(skipped.runId ?? '')).toMatchObject({ status: 'skipped', trigger: 'schedule' });
  });

  it('It should never both write: two started together end as one success and one skip, or two successes in turn', async () => {
    const db = await harness().freshDatabase();
    await db.service.migrate(); // on a database with no tables yet, a skipped run has nowhere to be recorded
    harness().litellm.answer({ body: edge });
    const results = await Promise.all([db.sync({ trigger: 'manual' }), db.sync({ trigger: 'schedule' })]);
    const succeeded = results.filter((result) => result.success);
    const skipped = results.filter((result) => result.skipped);
    expect(succeeded.length + skipped.length).toBe(2);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    expect(succeeded.reduce((sum, result) => sum + result.newModels, 0)).toBe(7);
    expect(await db.models()).toHaveLength(7);
    expect(await db.runCount()).toBe(2);
  });
});

describe('the run history', () => {
  it('It should record every run, newest first, failures too', async () => {
    const db = await harness().freshDatabase();
    await db.sync();
    harness().litellm.answer({ status: 401, body: readFixture('error-401.json') });
    const failed = await db.sync({ trigger: 'manual', requestedBy: 'arn:aws:iam::123456789012:user/alice' });
    expect(failed).toMatchObject({ success: false, failureReason: 'litellm' });
    expect(failed.errors[0]).toMatch(/HTTP 401/);
    await db.sync({ dryRun: true });
    const runs = await db.service.listRuns(10);
    expect(runs.map((run) => run.status)).toEqual(['failed', 'succeeded']);
    expect(runs[0]).toMatchObject({ requestedBy: 'arn:aws:iam::123456789012:user/alice', trigger: 'manual', failureReason: 'litellm' });
  });

  it('It should read back a run that changed thousands of models, in pages', async () => {
    const db = await harness().freshDatabase();
    const many = Array.from({ length: 3000 }, (_, index) => ({
      model_name: `model-${String(index).padStart(5, '0')}-${'x'.repeat(60)}`,
      litellm_params: { model: 'openai/m' },
      model_info: { id: `id-${index}` },
    }));
    harness().litellm.answer({ body: { data: many } });
    const result = await db.sync();
    expect(result.newModels).toBe(3000);
    const run = await db.service.getRun(result.runId ?? '');
    expect(run?.changes.added).toHaveLength(3000);
    expect(run?.changes.added).toEqual(result.changes.added);
  });
});
