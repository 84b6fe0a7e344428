import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/run-cli.js';

// `cd environments/prod && npx cdk synth` (docs/deploy.md) leaves minified bundles in that
// directory's cdk.out/; `npm test` lints the checkout and must not lint them.
const GENERATED = [
  'cdk.out/asset.0123abcd/index.mjs',
  'cdk.out/asset.0123abcd/chunks/postgres-database-ABCD1234.mjs',
  'dist/functions/sync-api/chunks/chunk-ABCD1234.mjs',
  'environments/prod/cdk.out/asset.0123abcd/index.mjs',
  'infra/environments/staging/cdk.out/ModelSync.template.js',
  'environments/prod/dist/handler.mjs',
  'environments/prod/coverage/index.js',
];
const SOURCE = 'infra/app.ts';

/**
 * The files oxlint reports in a scratch checkout with the project's lint configuration, where every
 * generated file above and one source hold a `debugger` statement (without type information: the
 * ignore rules are the same with it, and the scratch checkout has no tsconfig.json).
 */
function lintedFiles(checkout: string): string[] {
  copyFileSync(join(REPO, '.oxlintrc.json'), join(checkout, '.oxlintrc.json'));
  for (const file of [...GENERATED, SOURCE]) {
    mkdirSync(dirname(join(checkout, file)), { recursive: true });
    writeFileSync(join(checkout, file), 'debugger;\n');
  }
  let output: string;
  try {
    output = execFileSync(join(REPO, 'node_modules', '.bin', 'oxlint'), ['--format', 'json'], { cwd: checkout, encoding: 'utf8' });
  } catch (error) {
    // oxlint exits 1 when it reports anything; its report is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(output) as { diagnostics: { filename: string }[] };
  return [...new Set(report.diagnostics.map((diagnostic) => diagnostic.filename))];
}

describe('npm test', () => {
  const checkout = mkdtempSync(join(tmpdir(), 'model-sync-lint-'));
  let linted: string[] = [];
  beforeAll(() => {
    linted = lintedFiles(checkout);
  });
  afterAll(() => rmSync(checkout, { recursive: true, force: true }));

  it.each(GENERATED)('It should not lint the generated %s', (path) => {
    expect(linted).not.toContain(path);
  });

  it('It should still lint the sources next to it', () => {
    expect(linted).toEqual([SOURCE]);
  });
});
