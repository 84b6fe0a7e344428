/**
 * `npm run build`: bundles the Lambda handlers into `dist/functions/<name>/` (`index.mjs` and its
 * `chunks/`, see scripts/handler-bundles.ts) and prints each package's size. The benchmark reads
 * these folders. The CDK stack bundles the same entries itself, with the same options
 * (infra/handler-bundling.ts).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleHandler, HANDLERS } from './handler-bundles.js';
import type { HandlerName } from './handler-bundles.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A package over this size is a regression worth stopping the build for. */
const MAX_BUNDLE_BYTES = 1024 * 1024;

let failed = false;
for (const name of Object.keys(HANDLERS) as HandlerName[]) {
  const { bytes } = await bundleHandler(ROOT, name, join(ROOT, 'dist', 'functions'));
  const tooLarge = bytes > MAX_BUNDLE_BYTES;
  failed ||= tooLarge;
  console.log(`dist/functions/${name}/  ${(bytes / 1024).toFixed(1)} KiB${tooLarge ? '  (over 1 MiB!)' : ''}`);
}
if (failed) process.exitCode = 1;
