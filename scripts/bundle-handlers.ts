/**
 * Bundles the three Lambda handlers with esbuild into `dist/functions/<name>/index.mjs`, with the
 * esbuild options the CDK functions use (infra/handler-bundling.ts), and prints each bundle's size.
 * Run with `npm run build`; the benchmark reads these paths. The CDK stack does not: its
 * `NodejsFunction`s bundle the same entries themselves, with the same options.
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { HANDLER_BUNDLING } from '../infra/handler-bundling.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Handler names, as the output folders are called, and their source files. */
export const HANDLERS = {
  'scheduled-sync': 'functions/scheduled-sync.ts',
  'sync-api': 'functions/sync-api.ts',
  'sync-read-api': 'functions/sync-read-api.ts',
  'deploy-sync': 'functions/deploy-sync.ts',
} as const;

/** A bundle over this size is a regression worth stopping the build for. */
const MAX_BUNDLE_BYTES = 1024 * 1024;

async function bundle(name: string, entry: string): Promise<number> {
  const outfile = join(ROOT, 'dist', 'functions', name, 'index.mjs');
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: HANDLER_BUNDLING.target,
    format: HANDLER_BUNDLING.format,
    minify: HANDLER_BUNDLING.minify,
    mainFields: [...HANDLER_BUNDLING.mainFields],
    sourcemap: HANDLER_BUNDLING.sourcemap,
    // Bundled rather than taken from the runtime: the versions tested are the versions deployed.
    external: [],
    banner: { js: HANDLER_BUNDLING.banner },
    legalComments: HANDLER_BUNDLING.legalComments,
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
