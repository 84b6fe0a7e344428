import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../cli/arguments.js';
import { variablesReadByCode } from '../support/cli-variables.js';
import { REPO } from '../support/run-cli.js';

/** docs/cli.md without HTML comments (which hold notes about flags still to come). */
const reference = readFileSync(join(REPO, 'docs', 'cli.md'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');

describe('docs/cli.md', () => {
  it('It should document every flag the CLI accepts, and no flag it does not', () => {
    const accepted = Object.keys(OPTIONS).map((name) => `--${name}`).sort();
    const documented = [...new Set(reference.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? [])].sort();
    expect(documented).toEqual(accepted);
  });

  it('It should document every environment variable the CLI reads, and none it does not', () => {
    const environmentSection = reference.split('## Environment')[1]?.split('\n## ')[0] ?? '';
    const documented = [...environmentSection.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]).sort();
    expect(documented).toEqual(variablesReadByCode());
  });

  it('It should document every exit code the CLI uses', async () => {
    const { EXIT } = await import('../../cli/exit-codes.js');
    for (const code of Object.values(EXIT)) expect(reference).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
