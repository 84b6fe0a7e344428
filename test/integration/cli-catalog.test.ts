import { describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { cliEnv, useSyncHarness } from '../support/sync-harness.js';
import type { SyncFixture } from '../support/sync-harness.js';

/** The catalog policy through the CLI: flags, their variables, and refused patterns (contract §7). */
const fidelity = readFixture('model-info-2026.json');

function envFor(db: SyncFixture, extra: Record<string, string> = {}): Record<string, string | undefined> {
  return cliEnv(harness(), db, extra);
}

async function rows(db: SyncFixture): Promise<unknown[]> {
  const { rows: found } = await db.client.query<Record<string, unknown>>('SELECT id, availability, restricted_access FROM models ORDER BY id');
  return found;
}

const harness = useSyncHarness(() => fidelity);

describe('the CLI catalog flags', () => {
  it('It should publish team models, exclude by glob, restrict new models and record the policy', async () => {
    const db = await harness().freshDatabase();
    const flags = ['--json', '--include-team-models', '--exclude', 'gpt-*', '--exclude', 'nothing-?', '--new-models-restricted', '--retire-after-missed-runs', '2'];
    const run = await runCli(flags, envFor(db));
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { runId: string; ignored: unknown[] };
    expect(result.ignored).toEqual([
      { model: 'anthropic/*', reason: 'wildcard' },
      { model: 'gpt-4o', reason: 'filtered' },
      { model: 'qwen2.5-coder-32b', reason: 'paused-new' },
    ]);
    expect(await rows(db)).toEqual([
      { id: 'finance-llama-8b', availability: 'available', restricted_access: true },
      { id: 'llama-3.1-8b-instruct', availability: 'available', restricted_access: true },
    ]);
    expect((await db.service.getRun(result.runId))?.options).toEqual({
      dryRun: false,
      force: false,
      forceUpdate: false,
      markUnavailable: true,
      includeTeamModels: true,
      includeModels: [],
      excludeModels: ['gpt-*', 'nothing-?'],
      newModelsRestricted: true,
      retireAfterMissedRuns: 2,
    });
  });

  it('It should read the same settings from SYNC_* variables, and flags win over them', async () => {
    const db = await harness().freshDatabase();
    const env = envFor(db, {
      SYNC_INCLUDE_TEAM_MODELS: 'true',
      SYNC_INCLUDE: 'finance-*, llama-*,gpt-4o',
      SYNC_EXCLUDE: 'gpt-*',
      SYNC_NEW_MODELS_RESTRICTED: 'TRUE',
      SYNC_RETIRE_AFTER_MISSED_RUNS: '3',
    });
    const run = await runCli(['--json', '--include', 'llama-*'], env);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { runId: string };
    expect(await rows(db)).toEqual([{ id: 'llama-3.1-8b-instruct', availability: 'available', restricted_access: true }]);
    expect((await db.service.getRun(result.runId))?.options).toMatchObject({
      includeTeamModels: true,
      includeModels: ['llama-*'],
      excludeModels: ['gpt-*'],
      retireAfterMissedRuns: 3,
    });
  });

  it('It should show paused and ignored models in the human report', async () => {
    const db = await harness().freshDatabase();
    harness().litellm.answer({ body: readFixture('model-info-basic.json') });
    expect((await runCli([], envFor(db))).code).toBe(0);
    harness().litellm.answer({ body: fidelity });
    const run = await runCli([], envFor(db));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/paused\s+1\s+qwen2\.5-coder-32b/);
    expect(run.stdout).toMatch(/ignored\s+2\s+anthropic\/\* \(wildcard\), finance-llama-8b \(team-only\)/);
  });

  it.each([
    [['--include', ''], {}, /--include has an empty pattern \(item 1\)/],
    [['--include', 'a', '--exclude', 'b', '--exclude', ' '], {}, /--exclude has an empty pattern \(item 2\)/],
    [[], { SYNC_INCLUDE: 'gpt-*,,llama-*' }, /SYNC_INCLUDE has an empty item \(item 2/],
    [[], { SYNC_EXCLUDE: 'gpt-*,' }, /SYNC_EXCLUDE has an empty item/],
    [['--retire-after-missed-runs', '0'], {}, /--retire-after-missed-runs must be an integer from 1 to 1000/],
    [[], { SYNC_INCLUDE_TEAM_MODELS: 'yes' }, /SYNC_INCLUDE_TEAM_MODELS must be true or false/],
  ])('It should refuse %j %j as a configuration error (exit 2) and write nothing', async (args, extra, message) => {
    const db = await harness().freshDatabase();
    const run = await runCli(args, envFor(db, extra));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    const tables = await db.client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.rows).toEqual([]);
  });

  it('It should count an empty variable as not given', async () => {
    const db = await harness().freshDatabase();
    const run = await runCli(['--json'], envFor(db, { SYNC_INCLUDE: '', SYNC_EXCLUDE: '  ', SYNC_RETIRE_AFTER_MISSED_RUNS: '' }));
    expect(run.code).toBe(0);
    expect((await rows(db)).map((row) => (row as { id: string }).id)).toEqual(['gpt-4o', 'llama-3.1-8b-instruct']);
  });
});
