import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './run-cli.js';

/** Environment variables the CLI's code reads: its own files and the shared settings readers. */
export function variablesReadByCode(): string[] {
  const files = [...readdirSync(join(REPO, 'cli')).map((name) => join(REPO, 'cli', name)), join(REPO, 'lib', 'config.ts')];
  const names = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/read[A-Za-z]*\(env, '([A-Z_]+)'|process\.env\.([A-Z_]+)/g)) {
      names.add(match[1] ?? match[2] ?? '');
    }
  }
  return [...names].sort();
}
