import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../cli/arguments.js';
import { SETTINGS } from '../../lib/settings/settings-table.js';
import { REPO } from '../support/run-cli.js';

/** docs/cli.md without HTML comments (which hold notes about flags still to come). */
const reference = readFileSync(join(REPO, 'docs', 'cli.md'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');

/** Environment variables the CLI reads: the settings rows it applies, and those its own files name. */
function variablesReadByCode(): string[] {
  const files = [...readdirSync(join(REPO, 'cli')).map((name) => join(REPO, 'cli', name)), join(REPO, 'lib', 'config.ts')];
  const names = new Set<string>(Object.values(SETTINGS).flatMap((row) => ('cli' in row ? [row.variable] : [])));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/read[A-Za-z]*\(env, '([A-Z_]+)'|process\.env\.([A-Z_]+)/g)) {
      names.add(match[1] ?? match[2] ?? '');
    }
  }
  return [...names].sort();
}

describe('docs/cli.md', () => {
  it('documents every flag the CLI accepts, and no flag it does not', () => {
    const accepted = Object.keys(OPTIONS).map((name) => `--${name}`).sort();
    const documented = [...new Set(reference.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? [])].sort();
    expect(documented).toEqual(accepted);
  });

  it('documents every environment variable the CLI reads, and none it does not', () => {
    const environmentSection = reference.split('## Environment')[1]?.split('\n## ')[0] ?? '';
    const documented = [...environmentSection.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]).sort();
    expect(documented).toEqual(variablesReadByCode());
  });

  it('documents every exit code the CLI uses', async () => {
    const { EXIT } = await import('../../cli/exit-codes.js');
    for (const code of Object.values(EXIT)) expect(reference).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
