/**
 * How the Lambda handlers are bundled, in one place: the CDK functions
 * (infra/constructs/sync-function.ts) and `npm run build` (scripts/handler-bundles.ts) both build
 * with {@link handlerBuildOptions}, so the bundles measured in the README and by the benchmark are
 * the deployed ones. Only esbuild's types are imported here, so the build script does not load
 * aws-cdk-lib.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** The repository's root: esbuild names chunks by paths relative to it (see below). */
const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** esbuild options of every handler, besides its entry and output folder (each says why). */
const HANDLER_BUNDLING = {
  bundle: true,
  platform: 'node',
  /** The Lambda runtime is nodejs24.x. */
  target: 'node24',
  format: 'esm',
  minify: true,
  /** Every dependency inside, the AWS SDK included: the versions the tests ran are the versions deployed. */
  external: [],
  /** ESM builds of dependencies first: they tree-shake better than their CommonJS ones. */
  mainFields: ['module', 'main'],
  /**
   * Code that only a dynamic `import()` reaches goes to a chunk file of its own, which Node reads
   * only when that import runs: node-postgres and the RDS CAs (about 280 KiB, `DB_ADAPTER=postgres`
   * only, functions/commons/setup/database.ts), the SDK's rarely used credential providers and the
   * background run's Lambda client. In one file Node would parse them on every cold start (the
   * scheduled function's cold import: 152 ms above bare Node in one file, 80 ms split;
   * docs/benchmarks.md). Code both sides use lives in shared chunks, so a class such as
   * `SyncError` is one class in both and `instanceof` holds across them.
   */
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  /**
   * Chunk hashes cover module paths relative to the working directory: fixed to the repository, a
   * synth run from any folder makes the same package, hence the same asset hash and no new upload.
   */
  absWorkingDir: REPOSITORY_ROOT,
  /** The handler is `index.handler`: the entry is written as `index.mjs`. */
  outExtension: { '.js': '.mjs' },
  /**
   * CommonJS dependencies bundled into ESM still call `require` (for Node built-ins); this gives
   * them a real one. Aliased so it cannot clash with a bundled `createRequire`. Every chunk gets it.
   */
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  /**
   * No source maps, and so no `--enable-source-maps`: the map is about 4.5 times the bundle (1.8 MB
   * beside the API's 0.4 MB, measured 2026-11-26), and with that flag Node reads and parses it when
   * the module loads, i.e. on every cold start, and again maps every stack trace. The handlers
   * log errors by name and message (with the run or request id) and keep their logic in small
   * `lib/` modules, so a minified stack frame is not what a diagnosis depends on.
   */
  sourcemap: false,
  /** License comments are dropped from the deployed code (the licenses ship with the repository). */
  legalComments: 'none',
  logLevel: 'warning',
} as const satisfies BuildOptions;

/**
 * The esbuild options that bundle the handler in `entryFile` into `outDir`: `index.mjs` (exporting
 * `handler`) and, under `chunks/`, the files it imports. `outDir` is the whole Lambda package.
 *
 * @example
 * await build(handlerBuildOptions('functions/sync-api.ts', 'dist/functions/sync-api'));
 */
export function handlerBuildOptions(entryFile: string, outDir: string): BuildOptions {
  return {
    ...HANDLER_BUNDLING,
    external: [...HANDLER_BUNDLING.external],
    mainFields: [...HANDLER_BUNDLING.mainFields],
    entryPoints: { index: entryFile },
    outdir: outDir,
  };
}

/** Memory of the functions that sync (MiB), unless a function says otherwise. */
export const SYNC_FUNCTION_MEMORY_MIB = 512;

/**
 * Node options of a deployed handler (`NODE_OPTIONS`) with `memoryMiB` of memory. Left to itself,
 * V8 sizes its heap from the memory it sees (24 GB on the benchmark's machine) and collects garbage
 * late while the heap may grow: a 10,000-model sync held its streamed catalog's garbage far longer
 * than it needed. With 4 MiB semi-spaces and the old generation at half the function's memory, the
 * peak above start of an identical re-sync fell from 112–126 to 83–97 MiB (2026-12-07; 64 MiB
 * semi-spaces, Node 24's default, had peaked at 311 MiB RSS). Half leaves the rest for what V8 does
 * not hold (compressed entry texts, the answer's chunks, sockets); more memory, a larger heap.
 */
function handlerNodeOptions(memoryMiB: number): string {
  return `--max-semi-space-size=4 --max-old-space-size=${Math.floor(memoryMiB / 2)}`;
}

/**
 * glibc's allocator, held to what a short-lived process with a few threads needs. By default every
 * thread that allocates gets its own arena, and after the first large buffer is freed, buffers up
 * to 32 MiB come from those arenas rather than their own mappings: the sync's 0.25–3 MiB buffers
 * (request bodies, decoded entry blocks) then leave freed memory in them that the process keeps.
 * Two arenas, and a fixed 128 KiB threshold (glibc's initial one) above which a buffer is mapped
 * and given back when freed, cut a 10,000-model first sync's peak above start from about 94 to
 * 74 MiB (docs/benchmarks.md, "Peak RSS").
 */
const HANDLER_MALLOC_ENVIRONMENT = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' } as const;

/** The file in every handler package that Lambda starts Node through (`AWS_LAMBDA_EXEC_WRAPPER`). */
const NODE_FLAGS_WRAPPER = 'node-flags.sh';

/**
 * Lambda's Node runtimes start Node with heap flags of their own on the command line (semi-spaces
 * of 1/20 of the memory, an old generation of 9/10), and flags there override `NODE_OPTIONS`.
 * With those, a 10,000-model first sync peaked 146 MiB above its start (5.1× its answer, against
 * 2.6× with handlerNodeOptions; 2026-12-07). The wrapper drops them and passes everything else on
 * as it came, so where a runtime sets no such flag it changes nothing.
 */
const NODE_FLAGS_WRAPPER_SCRIPT = `#!/bin/bash
# Lambda runs this (AWS_LAMBDA_EXEC_WRAPPER) with the command that starts Node. It drops the
# runtime's heap flags, so that those in NODE_OPTIONS hold (infra/handler-bundling.ts says why).
args=()
for arg in "$@"; do
  case "$arg" in
    --max-semi-space-size=*|--max-old-space-size=*) ;;
    *) args+=("$arg") ;;
  esac
done
exec "\${args[@]}"
`;

/** Writes the Node flags wrapper, executable, into the handler package `outDir`. */
export function addNodeFlagsWrapper(outDir: string): void {
  const file = join(outDir, NODE_FLAGS_WRAPPER);
  writeFileSync(file, NODE_FLAGS_WRAPPER_SCRIPT);
  chmodSync(file, 0o755);
}

/**
 * The environment every deployed handler with `memoryMiB` of memory runs with, besides its own
 * settings: Node's options, the wrapper that makes them hold, and the allocator's. The benchmark's
 * child processes run a sync with those of a sync function (Node without Lambda's flags, so the
 * wrapper has nothing to do there), so that the memory it reports is the memory a function uses.
 */
export function handlerRuntimeEnvironment(memoryMiB: number): Record<string, string> {
  return {
    NODE_OPTIONS: handlerNodeOptions(memoryMiB),
    AWS_LAMBDA_EXEC_WRAPPER: `/var/task/${NODE_FLAGS_WRAPPER}`,
    ...HANDLER_MALLOC_ENVIRONMENT,
  };
}
