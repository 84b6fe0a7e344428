/**
 * The Lambda handlers' bundles as `npm run build` makes them: one esbuild run per handler, with the
 * options the CDK functions use (infra/handler-bundling.ts). The build script and the Node 24
 * smoke test both build through here, so what is smoke-tested is what is measured and deployed.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { HANDLER_BUNDLING } from '../infra/handler-bundling.js';

/** Handler names, as the output folders are called, and their source files. */
export const HANDLERS = {
  'scheduled-sync': 'functions/scheduled-sync-and-background-runs.ts',
  'sync-api': 'functions/sync-api.ts',
  'sync-read-api': 'functions/sync-read-api.ts',
  'deploy-sync': 'functions/deploy-sync.ts',
  'litemaas-authorizer': 'functions/litemaas-authorizer.ts',
} as const;

export type HandlerName = keyof typeof HANDLERS;

/** Bundles one handler into `<outDir>/<name>/index.mjs`; returns the file and its size in bytes. */
export async function bundleHandler(root: string, name: HandlerName, outDir: string): Promise<{ file: string; bytes: number }> {
  const file = join(outDir, name, 'index.mjs');
  await build({
    entryPoints: [join(root, HANDLERS[name])],
    outfile: file,
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
  return { file, bytes: statSync(file).size };
}
