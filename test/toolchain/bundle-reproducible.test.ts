import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleHandler } from '../../scripts/handler-bundles.js';
import { REPO } from '../support/run-cli.js';

const outDir = mkdtempSync(join(tmpdir(), 'bundles-cwd-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Every file of a package, by path, with its content. */
function packageFiles(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => [join(entry.parentPath, entry.name).slice(folder.length), readFileSync(join(entry.parentPath, entry.name), 'utf8')]),
  );
}

describe('A handler package', () => {
  it('It should be the same byte for byte whichever folder the build runs from (so a synth elsewhere uploads nothing new)', async () => {
    const fromRepository = await bundleHandler(REPO, 'scheduled-sync', join(outDir, 'repository'));
    const cwd = process.cwd();
    let fromElsewhere: Awaited<ReturnType<typeof bundleHandler>>;
    try {
      process.chdir(tmpdir());
      fromElsewhere = await bundleHandler(REPO, 'scheduled-sync', join(outDir, 'elsewhere'));
    } finally {
      process.chdir(cwd);
    }
    const files = packageFiles(join(fromRepository.file, '..'));
    expect(Object.keys(files).length).toBeGreaterThan(1); // index.mjs and its chunks
    expect(packageFiles(join(fromElsewhere.file, '..'))).toEqual(files);
  });
});
