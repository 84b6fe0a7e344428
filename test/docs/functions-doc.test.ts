/**
 * docs/functions.md lists the environment of the Lambda functions. Every variable name the
 * functions read comes from one module (lib/settings/deploy-names.ts: the resources' variables and
 * the settings rows'), so this test compares the documented table with it, both ways, and checks
 * that no function spells a variable name of its own: a setting nobody can find, or a documented
 * one the code no longer reads, fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_VARIABLES } from '../../lib/settings/deploy-names.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Upper-case string literals that are values, not variable names (a placeholder, a secret's JSON field). */
const NOT_VARIABLES = new Set(['REPLACE_ME_WITH_THE_LITELLM_MASTER_KEY', 'JWT_SECRET']);
/** Variables read by a library the functions use rather than by our code. */
const READ_BY_LIBRARIES = new Set(['POWERTOOLS_LOG_LEVEL']);

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(ROOT, folder, name));
}

/** Every `'NAME_LIKE_THIS'` literal in the functions and the shared settings readers: names spelled outside the names module. */
function variablesSpelledInCode(): string[] {
  const names = new Set<string>();
  for (const file of [...sourceFiles('functions'), join(ROOT, 'lib', 'config.ts')]) {
    for (const match of readFileSync(file, 'utf8').matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) {
      if (match[1] !== undefined && !NOT_VARIABLES.has(match[1])) names.add(match[1]);
    }
  }
  return [...names].sort();
}

/** The names in the first column of the "## Environment" table of docs/functions.md. */
function documentedVariables(): string[] {
  const doc = readFileSync(join(ROOT, 'docs', 'functions.md'), 'utf8');
  const section = doc.split('\n## Environment')[1]?.split('\n## ')[0] ?? '';
  const firstColumns = [...section.matchAll(/^\| ([^|]+) \|/gm)].map((row) => row[1] ?? '');
  return [...new Set(firstColumns.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((name) => name[1] ?? '')))].sort();
}

describe('docs/functions.md', () => {
  it('It should document every environment variable the functions read, and none they do not', () => {
    // Prepare
    const inCode = [...new Set(FUNCTION_VARIABLES)].sort();

    // Act
    const documented = documentedVariables().filter((name) => !READ_BY_LIBRARIES.has(name));

    // Assess
    expect(inCode.length).toBeGreaterThan(10);
    expect(documented).toEqual(inCode);
  });

  it('It should find every variable name the functions use in the names module, none spelled in their own code', () => {
    expect(variablesSpelledInCode()).toEqual([]);
  });
});
