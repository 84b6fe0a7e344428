import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'litellm');

/** A fixture body from `test/fixtures/litellm/` (copies of `../shared/fixtures/litellm/`). */
export function readFixture(name: string): { data: unknown[] } & Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, name), 'utf8')) as { data: unknown[] };
}
