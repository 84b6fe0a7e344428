import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/run-cli.js';

/** The commands of the README's first shell block, comments dropped. */
function readmeSetUp(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => line !== '');
}

describe("the README's set-up", () => {
  it('It should be two commands: one that installs and runs the demo, one that installs and runs the tests', () => {
    expect(readmeSetUp()).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
  });

  it('It should be exactly what CI runs', () => {
    const ci = readFileSync(join(REPO, '.ci', 'run'), 'utf8').split('\n');
    const run = ci.filter((line) => /^npm /.test(line)).map((line) => line.replace(/ \|\| exit 1$/, ''));
    expect(run).toEqual(readmeSetUp());
  });
});
