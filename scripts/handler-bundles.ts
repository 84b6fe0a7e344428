/**
 * The Lambda handlers' bundles as `npm run build` makes them: one esbuild run per handler, with the
 * options the CDK functions use (infra/handler-bundling.ts). The build script and the Node 24
 * smoke test both build through here, so what is smoke-tested is what is measured and deployed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { addNodeFlagsWrapper, handlerBuildOptions } from '../infra/handler-bundling.js';

/** Handler names, as the output folders are called, and their source files. */
export const HANDLERS = {
  'scheduled-sync': 'functions/scheduled-sync-and-background-runs.ts',
  'sync-api': 'functions/sync-api.ts',
  'sync-read-api': 'functions/sync-read-api.ts',
  'deploy-sync': 'functions/deploy-sync.ts',
  'litemaas-authorizer': 'functions/litemaas-authorizer.ts',
} as const;

export type HandlerName = keyof typeof HANDLERS;

/** Bytes of every file in a handler's folder except source maps: the Lambda package. */
export function packageBytes(folder: string): number {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.map'))
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}

/**
 * Bundles one handler into `<outDir>/<name>/`: `index.mjs`, its `chunks/` and the Node flags wrapper. The folder is emptied
 * first: chunk names carry a content hash, so an earlier build's chunks would otherwise stay beside
 * the new ones. Returns the entry file and the package's size in bytes.
 */
export async function bundleHandler(root: string, name: HandlerName, outDir: string): Promise<{ file: string; bytes: number }> {
  const folder = join(outDir, name);
  rmSync(folder, { recursive: true, force: true });
  await build(handlerBuildOptions(join(root, HANDLERS[name]), folder));
  addNodeFlagsWrapper(folder);
  return { file: join(folder, 'index.mjs'), bytes: packageBytes(folder) };
}

/** Imports the module in argv[1] and prints the files Node loaded meanwhile, as a JSON list of URLs. */
const LIST_LOADED_FILES = `
import { registerHooks } from 'node:module';
const loaded = [];
registerHooks({ load(url, context, nextLoad) { if (url.startsWith('file:')) loaded.push(url); return nextLoad(url, context); } });
await import(process.argv[1]);
process.stdout.write(JSON.stringify(loaded));
`;

/**
 * The files a cold start reads and parses: `index.mjs` and the chunks it imports statically, as
 * Node itself loads them in a fresh process with exactly `env` (plus PATH). Chunks that only a
 * dynamic `import()` reaches are not among them. Throws with Node's first line when the import fails.
 *
 * @example
 * const bytes = coldImportFiles('dist/functions/sync-api/index.mjs', env).reduce((sum, file) => sum + statSync(file).size, 0);
 */
export function coldImportFiles(indexFile: string, env: Record<string, string>): string[] {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', LIST_LOADED_FILES, pathToFileURL(indexFile).href], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (child.status !== 0) {
    const why = (child.stderr || String(child.error ?? 'timed out')).trim().split('\n')[0] ?? '';
    throw new Error(`Importing ${indexFile} failed: ${why}`);
  }
  return (JSON.parse(child.stdout) as string[]).map((url) => fileURLToPath(url));
}
