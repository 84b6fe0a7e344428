import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS } from '../../lib/settings/settings-table.js';
import { REPO } from './run-cli.js';

/** Environment variables the CLI reads: the settings rows it applies, and those its own files and the shared readers name. */
export function variablesReadByCode(): string[] {
  const sources = readdirSync(join(REPO, 'cli'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
  const files = [...sources.map((name) => join(REPO, 'cli', name)), join(REPO, 'lib', 'config.ts')];
  const names = new Set<string>(Object.values(SETTINGS).flatMap((row) => ('cli' in row ? [row.variable] : [])));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/read[A-Za-z]*\(env, '([A-Z_]+)'|process\.env\.([A-Z_]+)/g)) {
      names.add(match[1] ?? match[2] ?? '');
    }
  }
  return [...names].sort();
}
