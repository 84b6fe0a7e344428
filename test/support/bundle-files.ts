import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under a handler's bundle folder, as paths relative to it (`index.mjs`, `chunks/…`), sorted. */
export function bundleFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * The relative modules an esbuild ESM output file imports, statically (`import … from "./x.mjs"`,
 * `import "./x.mjs"`) or dynamically (`import("./chunks/x.mjs")`), as written in it.
 */
export function relativeImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.\.?\/[^"']+)["']/g)].map((match) => match[1] ?? '');
}

/** Every file of a package folder with its text, by path: two packages are the same when these are equal. */
export function packageContents(folder: string): Record<string, string> {
  return Object.fromEntries(bundleFiles(folder).map((path) => [path, readFileSync(join(folder, path), 'utf8')]));
}
