/**
 * The patches docs/litemaas.md asks LiteMaaS operators to apply must be patches `git apply` takes
 * as they are: each hunk's header must name the lines and counts its body holds, hunks in order
 * and not overlapping, so that `git apply` finds them at exactly those lines. The test builds, for
 * each patch, the file its hunks describe (their context and removed lines at the lines their
 * headers name, filler elsewhere) and applies the patch to it with no offset and no fuzz. LiteMaaS's
 * own files are not part of this project: that the patches also apply to LiteMaaS f6b748f was
 * checked against its source with `git apply --check` when they were written (docs/litemaas.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const doc = readFileSync(new URL('../../docs/litemaas.md', import.meta.url), 'utf8');
const patches = [...doc.matchAll(/^```diff\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');

interface Hunk {
  oldStart: number;
  oldCount: number;
  newCount: number;
  body: string[];
}

function hunksOf(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  for (const line of patch.split('\n')) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
    if (header !== null) hunks.push({ oldStart: Number(header[1]), oldCount: Number(header[2] ?? 1), newCount: Number(header[3] ?? 1), body: [] });
    else if (hunks.length > 0 && /^[ +-]/.test(line)) hunks.at(-1)?.body.push(line);
  }
  return hunks;
}

/** The file the hunks describe: the lines they keep or remove where they say, filler elsewhere. */
function preImage(hunks: Hunk[]): string {
  const last = Math.max(...hunks.map((hunk) => hunk.oldStart + hunk.oldCount - 1)) + 3;
  const lines = Array.from({ length: last }, (_, index) => `// filler line ${index + 1} of the file the patch describes`);
  for (const hunk of hunks) {
    hunk.body.filter((line) => !line.startsWith('+')).forEach((line, offset) => {
      lines[hunk.oldStart - 1 + offset] = line.slice(1);
    });
  }
  return `${lines.join('\n')}\n`;
}

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('docs/litemaas.md patches', () => {
  it('It should hold the three patches: the token-mode route, the SigV4 route, the startup sync', () => {
    expect(patches).toHaveLength(3);
    expect(patches.map((patch) => /^\+\+\+ b\/(\S+)/m.exec(patch)?.[1])).toEqual([
      'backend/src/routes/models.ts',
      'backend/src/routes/models.ts',
      'backend/src/plugins/database.ts',
    ]);
  });

  it.each(patches.map((patch, index) => [index + 1, patch] as const))(
    'It should give patch %i hunk headers with real line numbers and counts, so that git apply takes it at those lines',
    (_index, patch) => {
      // Prepare
      const hunks = hunksOf(patch);
      expect(hunks.length).toBeGreaterThan(0);
      for (const hunk of hunks) {
        expect(hunk.oldStart).toBeGreaterThan(1); // a real position, not the placeholder `@@ -1 +1 @@` or none
        expect(hunk.body.filter((line) => !line.startsWith('+'))).toHaveLength(hunk.oldCount);
        expect(hunk.body.filter((line) => !line.startsWith('-'))).toHaveLength(hunk.newCount);
      }
      hunks.slice(1).forEach((hunk, index) => expect(hunk.oldStart).toBeGreaterThanOrEqual((hunks[index]?.oldStart ?? 0) + (hunks[index]?.oldCount ?? 0)));
      dir = mkdtempSync(join(tmpdir(), 'litemaas-patch-'));
      const path = /^\+\+\+ b\/(\S+)/m.exec(patch)?.[1] ?? '';
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), preImage(hunks));
      writeFileSync(join(dir, 'change.diff'), patch);
      execFileSync('git', ['init', '--quiet'], { cwd: dir });

      // Act: as `git apply` runs by default, without --recount
      const applied = execFileSync('git', ['apply', '--verbose', 'change.diff'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });

      // Assess
      expect(applied).not.toMatch(/offset|fuzz/i);
      const added = patch.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++')).map((line) => line.slice(1));
      const patched = readFileSync(join(dir, path), 'utf8');
      for (const line of added) expect(patched).toContain(line);
    },
  );
});
