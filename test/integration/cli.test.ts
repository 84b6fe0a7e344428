import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { findFreePort } from '../../local/free-port.js';
import { readFixture } from '../support/fixtures.js';
import { gate } from '../support/gate.js';
import { cliEnv, startSyncHarness, TEST_KEY } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';
import { oneLine, runCli, runCliProcess } from '../support/run-cli.js';
import { holdSyncLock } from '../support/sync-lock.js';

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

describe('the CLI', () => {
  it('It should print its help', async () => {
    const run = await runCli(['--help'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--dry-run[\s\S]*--no-mark-unavailable[\s\S]*Exit codes/);
  });

  it('It should sync and print only the result JSON with --json', async () => {
    const run = await runCli(['--json'], env());
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ success: true, totalModels: 4, trigger: 'cli' });
    expect(run.stdout).not.toContain(TEST_KEY);
  });

  it('It should show a short table by default', async () => {
    const run = await runCli(['--force-update'], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Synced: 4 models in LiteLLM/);
    expect(run.stdout).toMatch(/updated\s+4/);
  });

  it('It should take the LiteLLM URL from --litellm-url over the environment', async () => {
    const run = await runCli(['--json', '--dry-run', '--litellm-url', harness.litellm.url], env({ LITELLM_API_URL: 'http://127.0.0.1:1' }));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: true, success: true });
  });

  it.each([
    ['no LiteLLM URL', [], { LITELLM_API_URL: '' }, /set LITELLM_API_URL/],
    ['no key', [], { LITELLM_API_KEY: undefined }, /set LITELLM_API_KEY/],
    ['a URL that is not http', [], { LITELLM_API_URL: 'ftp://x' }, /must be an http or https URL/],
    ['an unknown flag', ['--frobnicate'], {}, /unknown option --frobnicate\. See --help/],
    ['a bad retire fraction', [], { SYNC_MAX_RETIRE_FRACTION: '2' }, /SYNC_MAX_RETIRE_FRACTION must be a number from 0 to 1/],
    ['a database URL that is not one', ['--database-url', 'mysql://u:pw@h/db'], {}, /--database-url must be a PostgreSQL URL/],
  ])('It should exit 2 with one line for %s', async (_, args, extra, message) => {
    const run = await runCli(args, env(extra));
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('It should exit 1 with one clear line when LiteLLM is unreachable, and record the run', async () => {
    const before = await db.models();
    const port = await findFreePort();
    // Through the bin: the exit code reaches the shell.
    const run = await runCliProcess([], env({ LITELLM_API_URL: `http://127.0.0.1:${port}` }));
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/Could not reach LiteLLM after 3 attempts \(connection refused\)\. Check LITELLM_API_URL/)]);
    expect(await db.models()).toEqual(before);
    const [latest] = await db.service.listRuns(1);
    expect(latest).toMatchObject({ status: 'failed', failureReason: 'litellm' });
  });

  it('It should exit 1 naming HTTP 401 for a wrong key', async () => {
    harness.litellm.answer({ status: 401, body: readFixture('error-401.json') });
    const before = await db.models();
    const run = await runCli([], env({ LITELLM_API_KEY: 'sk-wrong' }));
    expect(run.code).toBe(1);
    expect(await db.models()).toEqual(before);
    expect(run.stderr).toMatch(/HTTP 401/);
    expect(run.stderr).not.toContain('sk-wrong');
  });

  it('It should exit 1 with one clear line when the database is unreachable', async () => {
    const port = await findFreePort();
    const run = await runCli([], env({ DATABASE_URL: `postgres://u:secret-pw@127.0.0.1:${port}/litemaas` }));
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/Could not connect to PostgreSQL at 127\.0\.0\.1:\d+\/litemaas \(connection refused\)\. Check DATABASE_URL/),
    ]);
    expect(run.stderr + run.stdout).not.toContain('secret-pw');
  });

  it('It should exit 3 when another sync holds the lock', async () => {
    const lock = await holdSyncLock(db.client);
    let run;
    try {
      run = await runCliProcess(['--json'], env());
    } finally {
      await lock.release();
    }
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ skipped: true, success: false });
  });

  it('It should exit 1 when the guard refuses', async () => {
    harness.litellm.answer({ body: { data: [] } });
    const before = await db.models();
    expect(before.filter((row) => row.availability === 'available')).toHaveLength(4);
    const run = await runCli([], env());
    const forced = await runCli(['--force'], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/changed nothing/);
    // An empty catalog is refused even with --force, so the message does not suggest it.
    expect(run.stderr).not.toMatch(/--force/);
    expect(forced.code).toBe(1);
    expect(await db.models()).toEqual(before);
  });
});

describe('the CLI without a database URL', () => {
  // In processes of their own, as a user's: the embedded PostgreSQL installs exit hooks, and runs overlap.
  it('It should keep the embedded PostgreSQL in the per-user data directory, not the working directory, and reuse it', async () => {
    const base = mkdtempSync(join(tmpdir(), 'model-sync-cli-'));
    // Started by root, PostgreSQL runs as its own user, which must be able to reach the data directory.
    chmodSync(base, 0o755);
    const cwd = join(base, 'somewhere');
    const xdg = join(base, 'xdg');
    const dataDir = join(xdg, 'litemaas-model-sync', 'postgres');
    mkdirSync(cwd);
    const litellmAnswers = gate();
    try {
      const first = await runCliProcess(['--json'], env({ DATABASE_URL: '', XDG_DATA_HOME: xdg }), { cwd });
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ newModels: 4 });
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      expect(readdirSync(cwd)).toEqual([]);
      // The same directory named explicitly, from another working directory.
      const second = await runCliProcess(['--json', '--data-dir', dataDir], env({ DATABASE_URL: undefined }), { cwd: base });
      expect(second.code).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({ newModels: 0, unchangedModels: 4 });

      // While one run holds the embedded server (its LiteLLM answer held until the test has looked), a second one is skipped.
      harness.litellm.answerOnce({ body: readFixture('model-info-basic.json'), until: litellmAnswers.opened });
      const asked = harness.litellm.requests.length;
      const held = env({ DATABASE_URL: undefined, MODEL_SYNC_DATA_DIR: dataDir });
      const slow = runCliProcess(['--json'], { ...held, LITELLM_TIMEOUT_MS: '30000' });
      // The slow run has started the server and is waiting on LiteLLM.
      await vi.waitFor(
        () => {
          expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(true);
          expect(harness.litellm.requests.length).toBeGreaterThan(asked);
        },
        { timeout: 30_000, interval: 50 },
      );
      const concurrent = await runCliProcess([], held);
      expect(concurrent.code).toBe(3);
      expect(oneLine(concurrent.stderr)).toMatch(/another sync is running: the embedded PostgreSQL in .* is in use/);
      // With --json, the skipped result is on stdout as for any other exit.
      const concurrentJson = await runCliProcess(['--json'], held);
      expect(concurrentJson.code).toBe(3);
      expect(JSON.parse(concurrentJson.stdout)).toMatchObject({ skipped: true, success: false, failureReason: 'busy', trigger: 'cli' });
      // Reading the history needs no server of its own: it reads from the running one.
      const runs = await runCliProcess(['runs', '--json'], held);
      expect(runs.code).toBe(0);
      expect((JSON.parse(runs.stdout) as { runs: unknown[] }).runs).toHaveLength(2);
      litellmAnswers.open();
      expect((await slow).code).toBe(0);
    } finally {
      litellmAnswers.open();
      rmSync(base, { recursive: true, force: true });
    }
  }, 90_000);
});
