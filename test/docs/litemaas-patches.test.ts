/**
 * The patches docs/litemaas.md asks LiteMaaS operators to apply must apply: each `diff` block,
 * fed to `git apply` as an operator would, against the LiteMaaS files it names at the commit the
 * document is written for (test/fixtures/litemaas-f6b748f/).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from '../support/run-cli.js';

const FIXTURES = join(REPO, 'test', 'fixtures', 'litemaas-f6b748f');
/** LiteMaaS paths and the fixture holding each. */
const LITEMAAS_FILES: Record<string, string> = {
  'backend/src/routes/models.ts': 'routes-models.ts.txt',
  'backend/src/plugins/database.ts': 'plugins-database.ts.txt',
};

const doc = readFileSync(join(REPO, 'docs', 'litemaas.md'), 'utf8');
const patches = [...doc.matchAll(/^```diff\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');

let checkout: string | undefined;
afterEach(() => {
  if (checkout !== undefined) rmSync(checkout, { recursive: true, force: true });
  checkout = undefined;
});

/** A directory laid out as a LiteMaaS checkout at f6b748f (the two files the patches touch). */
function liteMaasCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'litemaas-f6b748f-'));
  for (const [path, fixture] of Object.entries(LITEMAAS_FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(join(FIXTURES, fixture), join(dir, path));
  }
  return dir;
}

describe('docs/litemaas.md patches against LiteMaaS f6b748f', () => {
  it('It should hold the three patches: the token-mode route, the SigV4 route, the startup sync', () => {
    expect(patches).toHaveLength(3);
    expect(patches.map((patch) => /^\+\+\+ b\/(\S+)/m.exec(patch)?.[1])).toEqual([
      'backend/src/routes/models.ts',
      'backend/src/routes/models.ts',
      'backend/src/plugins/database.ts',
    ]);
  });

  it.each(patches.map((patch, index) => [index + 1, patch] as const))('It should apply patch %i with git apply at the lines its hunk header names', (_index, patch) => {
    // Prepare
    checkout = liteMaasCheckout();
    const file = join(checkout, 'change.diff');
    writeFileSync(file, patch);

    // Act: without --recount or fuzz, as `git apply` runs by default
    execFileSync('git', ['init', '--quiet'], { cwd: checkout });
    const applied = execFileSync('git', ['apply', '--verbose', 'change.diff'], { cwd: checkout, encoding: 'utf8', stdio: 'pipe' });

    // Assess: applied where the hunk header says (git reports an offset otherwise)
    expect(applied).not.toMatch(/offset|fuzz/i);
    const path = /^\+\+\+ b\/(\S+)/m.exec(patch)?.[1] ?? '';
    const added = patch.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++')).map((line) => line.slice(1));
    const patched = readFileSync(join(checkout, path), 'utf8');
    for (const line of added) expect(patched).toContain(line);
  });
});
