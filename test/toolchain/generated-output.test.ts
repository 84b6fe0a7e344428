import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/run-cli.js';

// `cd environments/prod && npx cdk synth` (docs/deploy.md) leaves minified bundles in that
// directory's cdk.out/; `npm test` lints the checkout and must not lint them.
const GENERATED = [
  'cdk.out/asset.0123abcd/index.mjs',
  'cdk.out/asset.0123abcd/chunks/postgres-database-ABCD1234.mjs',
  'dist/functions/sync-api/chunks/chunk-ABCD1234.mjs',
  'environments/prod/cdk.out/asset.0123abcd/index.mjs',
  'infra/environments/staging/cdk.out/ModelSync.template.json',
  'environments/prod/dist/handler.mjs',
  'environments/prod/coverage/index.js',
];

describe('npm test', () => {
  it.each(GENERATED)('It should not lint the generated %s', async (path) => {
    expect(await new ESLint({ cwd: REPO }).isPathIgnored(path)).toBe(true);
  });

  it('It should still lint the sources next to it', async () => {
    expect(await new ESLint({ cwd: REPO }).isPathIgnored('infra/app.ts')).toBe(false);
  });
});
