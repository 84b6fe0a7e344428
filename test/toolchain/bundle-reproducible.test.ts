import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { packageContents } from '../support/bundle-files.js';
import { builtHandler } from '../support/built-handlers.js';
import { REPO } from '../support/run-cli.js';

const outDir = mkdtempSync(join(tmpdir(), 'bundles-cwd-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('A handler package', () => {
  it('It should be the same byte for byte whichever folder the build runs from (so a synth elsewhere uploads nothing new)', async () => {
    const fromRepository = await builtHandler('scheduled-sync');
    // esbuild takes the working directory when it loads, so the other build runs in a process of its own.
    const script = join(outDir, 'build-elsewhere.mjs');
    const url = (path: string): string => pathToFileURL(join(REPO, path)).href;
    writeFileSync(
      script,
      `import { register } from '${import.meta.resolve('tsx/esm/api')}';\n` +
        'register();\n' +
        `const { bundleHandler } = await import('${url('scripts/handler-bundles.ts')}');\n` +
        `await bundleHandler(${JSON.stringify(REPO)}, 'scheduled-sync', ${JSON.stringify(join(outDir, 'elsewhere'))});\n`,
    );
    await promisify(execFile)(process.execPath, [script], { cwd: tmpdir() });
    const files = packageContents(fromRepository.folder);
    expect(Object.keys(files).length).toBeGreaterThan(1); // index.mjs and its chunks
    expect(packageContents(join(outDir, 'elsewhere', 'scheduled-sync'))).toEqual(files);
  });
});
