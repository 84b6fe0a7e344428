import { readFileSync } from 'node:fs';

/** `--version`: the package's own version, read from its package.json (the one place it is kept). */
export function versionLine(): string {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return `litemaas-model-sync ${version}`;
}
