import { execFile } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { showsProgress } from '../../cli/progress.js';
import { findFreePort } from '../../local/free-port.js';
import { readFixture } from '../support/fixtures.js';
import { cliEnv, startSyncHarness } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';
import { BIN, oneLine, runCli, runCliProcess } from '../support/run-cli.js';

let harness: SyncHarness;
let db: SyncFixture;

beforeAll(async () => {
  harness = await startSyncHarness();
  db = await harness.freshDatabase();
  await db.service.migrate();
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.litellm.answer({ body: readFixture('model-info-basic.json') });
});

function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return cliEnv(harness, db, extra);
}

function largeCatalog(size: number): { data: unknown[] } {
  const data = Array.from({ length: size }, (_, index) => ({
    model_name: `bulk-model-${index}`,
    litellm_params: { model: `openai/bulk-model-${index}` },
    model_info: { id: `bulk-${index}` },
  }));
  return { data };
}

describe('the CLI output', () => {
  it('It should write the whole --json result to a pipe, however large', async () => {
    harness.litellm.answer({ body: largeCatalog(5_000) });
    const own = await harness.freshDatabase();
    const run = await runCliProcess(['--json'], env({ DATABASE_URL: own.url }), { throughPipe: true });
    expect(run.code).toBe(0);
    // More than a pipe's 64 KiB buffer: cut short, this would not parse.
    expect(run.stdout.length).toBeGreaterThan(65_536);
    const result = JSON.parse(run.stdout) as { newModels: number; changes: { added: string[] } };
    expect(result.newModels).toBe(5_000);
    expect(result.changes.added).toHaveLength(5_000);
  }, 60_000);

  it('It should end quietly when the reader stops early (| head)', async () => {
    harness.litellm.answer({ body: largeCatalog(5_000) });
    const own = await harness.freshDatabase();
    const run = await runCliProcess(['--json', '--dry-run'], env({ DATABASE_URL: own.url }), { throughPipe: 'head -c 100' });
    expect(run.code).toBe(0);
    expect(run.stdout).toHaveLength(100);
    expect(run.stderr).toBe('');
  }, 60_000);

  it('It should not claim "0 models in LiteLLM" when the database failed before LiteLLM was asked', async () => {
    const port = await findFreePort();
    const run = await runCli([], env({ DATABASE_URL: `postgres://u:pw@127.0.0.1:${port}/litemaas` }));
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/models in LiteLLM/);
    expect(run.stdout).toMatch(/^Sync failed at the database before LiteLLM was asked; nothing changed/);
    expect(oneLine(run.stderr)).toMatch(/Could not connect to PostgreSQL .*connection refused/);
  });

  it('It should say the database was reached and LiteLLM sent no catalog when LiteLLM is down', async () => {
    const port = await findFreePort();
    const run = await runCli([], env({ LITELLM_API_URL: `http://127.0.0.1:${port}`, LITELLM_MAX_ATTEMPTS: '1' }));
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/models in LiteLLM/);
    expect(run.stdout).toMatch(/^Sync failed: LiteLLM sent no catalog and the database was reached; nothing changed/);
    expect(oneLine(run.stderr)).toMatch(/Could not reach LiteLLM/);
  });

  it('It should still count the catalog when LiteLLM answered and a later step failed', async () => {
    harness.litellm.answer({ body: { data: [] } });
    const run = await runCli([], env());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Sync failed: 0 models in LiteLLM/);
  });

  it('It should print nothing extra while LiteLLM is slow when stdout is not a terminal', async () => {
    harness.litellm.answer({ body: readFixture('model-info-basic.json'), delayMs: 2_500 });
    const run = await runCli(['--dry-run'], env());
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Dry run \(nothing changed\): 4 models in LiteLLM/);
  });

  it('It should show a terminal that it is waiting for LiteLLM, and for which host', async () => {
    harness.litellm.answer({ body: readFixture('model-info-basic.json'), delayMs: 2_500 });
    const host = new URL(harness.litellm.url).host;
    const inTerminal = (args: string[], environment: Record<string, string | undefined>): Promise<string> =>
      new Promise((resolve) => {
        // script(1) gives the CLI a pseudo-terminal for stdout and stderr, as an interactive shell would.
        const command = [process.execPath, BIN, ...args].map((word) => `'${word}'`).join(' ');
        execFile('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH, ...environment }, timeout: 30_000 }, (_, stdout) =>
          resolve(stdout),
        );
      });
    // Both at once, each waiting on the slow LiteLLM; each on a database of its own, or the second
    // would find the first holding the sync lock and be skipped.
    const other = await harness.freshDatabase();
    const [shown, json] = await Promise.all([inTerminal(['--dry-run'], env()), inTerminal(['--dry-run', '--json'], cliEnv(harness, other))]);
    expect(shown).toContain(`Waiting for LiteLLM at ${host}… (attempt 1/3)`);
    expect(shown).toMatch(/Dry run \(nothing changed\): 4 models in LiteLLM/);
    expect(json).not.toContain('Waiting for LiteLLM');
    expect(JSON.parse(json)).toMatchObject({ dryRun: true, success: true });
  }, 60_000);
});

describe('progress notes', () => {
  it.each([
    [true, true, false, true],
    [false, true, false, false],
    [true, false, false, false],
    [true, true, true, false],
  ])('It should, with stdout a terminal %s, stderr a terminal %s and --json %s, be shown: %s', (stdoutIsTTY, stderrIsTTY, json, shown) => {
    expect(showsProgress({ stdoutIsTTY, stderrIsTTY, json })).toBe(shown);
  });
});
