/**
 * The esbuild options of the Lambda handlers, in one place: the CDK functions
 * (infra/constructs/sync-function.ts) and `npm run build` (scripts/bundle-handlers.ts) both read
 * them, so the bundles measured in the README and by the benchmark are built like the deployed
 * ones. Plain data, so the build script does not load aws-cdk-lib.
 *
 * Besides these, both bundle for `platform: node` with every dependency inside, the AWS SDK
 * included (`bundleAwsSDK: true` in CDK): the versions the tests ran are the versions deployed.
 */
export const HANDLER_BUNDLING = {
  /** The Lambda runtime is nodejs24.x. */
  target: 'node24',
  format: 'esm',
  minify: true,
  /** ESM builds of dependencies first: they tree-shake better than their CommonJS ones. */
  mainFields: ['module', 'main'],
  /**
   * CommonJS dependencies bundled into ESM still call `require` (for Node built-ins); this gives
   * them a real one. Aliased so it cannot clash with a bundled `createRequire`.
   */
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
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
} as const;

/**
 * Node options of the deployed handlers (`NODE_OPTIONS`); the benchmark's child processes run with
 * the same. Node 24's V8 sizes the young generation from the heap limit and lets it grow to 64 MiB
 * per semi-space, which holds garbage of the streamed catalog far longer: a 10,000-model first sync
 * peaked at 311 MiB RSS, and at 206 MiB with 16 MiB semi-spaces, in no more time (npm run bench,
 * 2026-12-01). Fixed here, the peak no longer depends on the heap limit Lambda derives from memory.
 */
export const HANDLER_NODE_OPTIONS = '--max-semi-space-size=16';
