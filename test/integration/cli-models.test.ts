import { beforeAll, describe, expect, it } from 'vitest';
import { controlCharactersIn } from '../support/control-characters.js';
import { readFixture } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { useSharedHarness } from '../support/shared-harness.js';
import { TEST_KEY } from '../support/sync-harness.js';
import { runOnUnusedDataDir } from '../support/unused-data-dir.js';

/** `models`: what the sync wrote, as LiteMaaS users see it (issue 18). */
const basic = readFixture('model-info-basic.json');
const shared = useSharedHarness(basic);

beforeAll(async () => {
  shared.harness.litellm.answer({ body: basic });
  expect((await shared.db.sync()).success).toBe(true);
});

function env(): Record<string, string> {
  return { DATABASE_URL: shared.db.url };
}

describe('litemaas-model-sync models', () => {
  it('It should list every row as JSON, with the columns LiteMaaS users see', async () => {
    const run = await runCli(['models', '--json'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { models } = JSON.parse(run.stdout) as { models: Record<string, unknown>[] };
    const { rows } = await shared.db.client.query<Record<string, unknown>>(
      `SELECT id, name, provider, availability, context_length, input_cost_per_token::text AS input, output_cost_per_token::text AS output, restricted_access
       FROM models ORDER BY id`,
    );
    expect(models).toEqual(
      rows.map((row) => ({
        id: row.id,
        name: row.name,
        availability: row.availability,
        provider: row.provider,
        contextLength: row.context_length,
        inputCostPerToken: row.input,
        outputCostPerToken: row.output,
        restrictedAccess: row.restricted_access,
      })),
    );
    expect(models).toHaveLength(4);
  });

  it('It should show a table with costs per million tokens and a count', async () => {
    await shared.db.client.query(`UPDATE models SET input_cost_per_token = 0.0000025, restricted_access = true WHERE id = 'gpt-4o'`);
    const run = await runCli(['models'], env());
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^name +availability +provider +context +input \$\/1M +output \$\/1M +restricted$/);
    expect(lines.find((line) => line.startsWith('gpt-4o '))).toMatch(/^gpt-4o +available +\S+ +\d+ +2\.5 +\S+ +yes$/);
    expect(lines.at(-1)).toBe('4 models: 4 available, 0 unavailable');
  });

  it('It should strip terminal control characters that come from the database', async () => {
    await shared.db.client.query(`UPDATE models SET provider = E'open\\u001b[2Jai\\u009b' WHERE id = 'gpt-4o'`);
    const run = await runCli(['models'], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/open\[2Jai/);
    expect(controlCharactersIn(run.stdout)).toEqual([]);
  });

  it('It should neither create nor migrate anything: a database that was never synced has no models', async () => {
    const fresh = await shared.harness.freshDatabase();
    const run = await runCli(['models', '--json'], { DATABASE_URL: fresh.url });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ models: [] });
    const { rows } = await fresh.client.query(`SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(rows[0]).toEqual({ tables: 0 });
  });

  it('It should not create the embedded data directory', async () => {
    const { run, created } = await runOnUnusedDataDir(['models']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^No models: the embedded database in .* has never been synced\.$/m);
    expect(created).toBe(false);
  });

  it('It should refuse the flags of a sync', async () => {
    const run = await runCli(['models', '--dry-run'], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--dry-run does not apply to "models"/);
  });
});

describe('the changed columns of each updated model', () => {
  it('It should be named in the human report and in a dry run, as the events name them', async () => {
    const own = await shared.harness.freshDatabase();
    expect((await own.sync()).success).toBe(true);
    const changed = structuredClone(basic);
    const entry = changed.data[0] as { model_name: string; model_info: Record<string, unknown> };
    entry.model_info.max_input_tokens = 999_999;
    entry.model_info.input_cost_per_token = 0.000123;
    shared.harness.litellm.answer({ body: changed });
    const cliEnv = { LITELLM_API_URL: shared.harness.litellm.url, LITELLM_API_KEY: TEST_KEY, DATABASE_URL: own.url };
    const dryRun = await runCli(['--dry-run'], cliEnv);
    const real = await runCli(['--events'], cliEnv);
    const after = await runCli(['--dry-run'], cliEnv);
    expect(dryRun.code).toBe(0);
    expect(real.code).toBe(0);
    const events = JSON.parse(real.stdout.slice(real.stdout.indexOf('['))) as { detail: { modelId: string; changedColumns?: string[] } }[];
    const columns = events.find((event) => event.detail.modelId === entry.model_name)?.detail.changedColumns;
    expect(columns?.length).toBeGreaterThan(0);
    for (const run of [dryRun, real]) expect(run.stdout).toContain(`\n    ${entry.model_name}: ${columns?.join(', ')}\n`);
    // Once written, nothing is left to change.
    expect(after.stdout).not.toContain(`${entry.model_name}:`);
  });
});
