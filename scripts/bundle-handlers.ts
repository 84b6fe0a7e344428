/**
 * Bundles the three Lambda handlers with esbuild into `dist/functions/<name>/index.mjs`
 * (Node 24, ESM, minified, AWS SDK included) and prints each bundle's size.
 * Run with `npm run build`; the benchmark and the CDK stack read these paths.
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Handler names, as the output folders are called, and their source files. */
export const HANDLERS = {
  'scheduled-sync': 'functions/scheduled-sync.ts',
  'sync-api': 'functions/sync-api.ts',
  'deploy-sync': 'functions/deploy-sync.ts',
} as const;

/** A bundle over this size is a regression worth stopping the build for. */
const MAX_BUNDLE_BYTES = 1024 * 1024;

// CommonJS dependencies bundled into ESM still call `require` for Node built-ins.
const REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

async function bundle(name: string, entry: string): Promise<number> {
  const outfile = join(ROOT, 'dist', 'functions', name, 'index.mjs');
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: true,
    // Bundled rather than taken from the runtime: the versions tested are the versions deployed.
    external: [],
    banner: { js: REQUIRE_BANNER },
    legalComments: 'none',
    logLevel: 'warning',
  });
  return statSync(outfile).size;
}

let failed = false;
for (const [name, entry] of Object.entries(HANDLERS)) {
  const bytes = await bundle(name, entry);
  const tooLarge = bytes > MAX_BUNDLE_BYTES;
  failed ||= tooLarge;
  console.log(`dist/functions/${name}/index.mjs  ${(bytes / 1024).toFixed(1)} KiB${tooLarge ? '  (over 1 MiB!)' : ''}`);
}
if (failed) process.exitCode = 1;
