import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlCharactersIn } from '../support/control-characters.js';
import { readFixture } from '../support/fixtures.js';
import { oneLine, REPO, runCli } from '../support/run-cli.js';
import { useSharedHarness } from '../support/shared-harness.js';
import { cliEnv } from '../support/sync-harness.js';

/** The flags and habits people expect from any command-line tool (issue 18). */
const basic = readFixture('model-info-basic.json');
const shared = useSharedHarness(basic);

function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return cliEnv(shared.harness, shared.db, extra);
}

describe('the CLI flags everyone knows', () => {
  it('It should print its version with --version and -V', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = await runCli([flag], {});
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(`litemaas-model-sync ${version}`);
    }
  });

  it('It should print its help with -h', async () => {
    const run = await runCli(['-h'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: litemaas-model-sync/);
  });

  it('It should suggest the flag meant for a misspelt one, in its own words', async () => {
    const run = await runCli(['--dryrun'], env());
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe('litemaas-model-sync: unknown option --dryrun; did you mean --dry-run? See --help.');
  });

  it('It should say which flag needs a value, without Node\'s wording', async () => {
    const run = await runCli(['runs', '--limit'], env());
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe('litemaas-model-sync: --limit needs a value. See --help.');
  });

  it('It should suggest the command meant for a misspelt one', async () => {
    const run = await runCli(['stauts'], env());
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe('litemaas-model-sync: unknown command "stauts"; did you mean status? See --help.');
  });

  it('It should take "sync" as an explicit command, as docs/cli.md lists it', async () => {
    const run = await runCli(['sync', '--dry-run', '--json'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: true, success: true, totalModels: 4 });
    const extra = await runCli(['sync', 'now'], env());
    expect(extra.code).toBe(2);
    expect(oneLine(extra.stderr)).toMatch(/"sync" takes no arguments/);
  });
});

describe('the CLI wording', () => {
  it('It should still write the one-line reason to stderr when --json exits 1', async () => {
    const own = await shared.harness.freshDatabase();
    shared.harness.litellm.answer({ status: 401, body: { error: { message: 'invalid key' } } });
    const run = await runCli(['--json'], env({ DATABASE_URL: own.url }));
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ success: false, failureReason: 'litellm' });
    expect(oneLine(run.stderr)).toMatch(/HTTP 401/);
  });

  it('It should say "1 model", not "1 models"', async () => {
    const own = await shared.harness.freshDatabase();
    shared.harness.litellm.answer({ body: { data: basic.data.slice(0, 1) } });
    const run = await runCli([], env({ DATABASE_URL: own.url }));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Synced: 1 model in LiteLLM /);
  });

  it('It should count what LiteLLM served and say apart what the filters left out', async () => {
    const own = await shared.harness.freshDatabase();
    const run = await runCli(['--include', 'gpt-4o', '--include', 'llama-*'], env({ DATABASE_URL: own.url }));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Synced: 4 models in LiteLLM, 2 left out by the include\/exclude patterns \(/);
  });

  it('It should explain what "missing" means when it lists a missing model', async () => {
    const own = await shared.harness.freshDatabase();
    expect((await runCli([], env({ DATABASE_URL: own.url }))).code).toBe(0);
    shared.harness.litellm.answer({ body: { data: basic.data.slice(1) } });
    const run = await runCli(['--retire-after-missed-runs', '2'], env({ DATABASE_URL: own.url }));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}missing +1 {2}gpt-4o$/m);
    expect(run.stdout).toMatch(/^missing = no longer listed by LiteLLM, still available until 2 runs in a row missed it/m);
  });

  it('It should say so when the operator\'s own --include left out every model LiteLLM serves', async () => {
    const own = await shared.harness.freshDatabase();
    shared.harness.litellm.answer({ body: basic });
    expect((await runCli([], env({ DATABASE_URL: own.url }))).code).toBe(0);
    const run = await runCli(['--include', 'gtp-*'], env({ DATABASE_URL: own.url }));
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toMatch(/The include\/exclude patterns left out all 4 models LiteLLM serves/);
    expect(run.stderr).not.toMatch(/LiteLLM returned no usable model/);
  });

  it('It should say so when the operator\'s own --include would retire most models', async () => {
    const own = await shared.harness.freshDatabase();
    expect((await runCli([], env({ DATABASE_URL: own.url }))).code).toBe(0);
    const run = await runCli(['--include', 'gpt-4o'], env({ DATABASE_URL: own.url }));
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toMatch(/would retire 3 of 4 available models.*3 models LiteLLM serves are left out by the include\/exclude patterns/);
  });
});

describe('text from LiteLLM and the database', () => {
  it('It should not print terminal control characters from LiteLLM, in the report or as JSON', async () => {
    const own = await shared.harness.freshDatabase();
    const hostile = 'evil\u001b]0;owned\u0007\u009b31m-model';
    shared.harness.litellm.answer({ body: { data: [...basic.data, { model_name: hostile, litellm_params: { model: 'openai/x' }, model_info: { id: 'x' } }] } });
    const human = await runCli(['--dry-run'], env({ DATABASE_URL: own.url }));
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/evil\]0;owned31m-model/);
    expect(controlCharactersIn(human.stdout + human.stderr)).toEqual([]);
    const json = await runCli(['--dry-run', '--json'], env({ DATABASE_URL: own.url }));
    expect(controlCharactersIn(json.stdout)).toEqual([]);
    expect((JSON.parse(json.stdout) as { changes: { added: string[] } }).changes.added).toContain(hostile);
  });
});
