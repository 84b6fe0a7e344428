import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { coldImportFiles, HANDLERS as HANDLER_ENTRIES, packageBytes } from '../scripts/handler-bundles.js';
import type { HandlerName } from '../scripts/handler-bundles.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HANDLERS = Object.keys(HANDLER_ENTRIES) as HandlerName[];

/** Harmless values for everything the handlers read at import time; nothing here reaches AWS. */
const HANDLER_ENV: Record<string, string> = {
  LITELLM_API_URL: 'http://127.0.0.1:9',
  LITELLM_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x',
  DB_CLUSTER_ARN: 'arn:aws:rds:us-east-1:123456789012:cluster:x',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:y',
  DB_NAME: 'postgres',
  AWS_REGION: 'us-east-1',
  // Should anything try to find credentials at import time, fail fast instead of probing IMDS.
  AWS_EC2_METADATA_DISABLED: 'true',
};

interface BundleMeasurement {
  name: string;
  /**
   * Bytes a cold start loads: `index.mjs` and the chunks it imports statically (as Node loads them),
   * not the chunks only a dynamic `import()` reaches (node-postgres, for `DB_ADAPTER=postgres`).
   */
  bytes?: number;
  /** Bytes of everything in the function's folder except source maps (what Lambda loads). */
  folderBytes?: number;
  /** Median time to import the bundle in a fresh Node process, minus that of `node -e ""`. */
  coldImportMs?: number;
  /** Why no measurement is given. */
  problem?: string;
}

export interface BundleReport {
  /** How the bundles were obtained: built now, found already built, or missing. */
  source: string;
  bundles: BundleMeasurement[];
  bareNodeMs?: number;
}

function bundlePath(name: string): string {
  return join(ROOT, 'dist', 'functions', name, 'index.mjs');
}

/** Bytes of the files a cold import of the bundle loads, or why they could not be listed. */
function coldImportBytes(path: string): number | string {
  try {
    return coldImportFiles(path, HANDLER_ENV).reduce((sum, file) => sum + statSync(file).size, 0);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Builds the bundles with `npm run build` when the build script exists; says what it did. */
function prepareBundles(): string {
  const haveAll = (): boolean => HANDLERS.every((name) => existsSync(bundlePath(name)));
  if (!existsSync(join(ROOT, 'scripts', 'bundle-handlers.ts'))) {
    return haveAll()
      ? 'found in dist/ (scripts/bundle-handlers.ts does not exist, so they were not rebuilt)'
      : 'missing: scripts/bundle-handlers.ts does not exist yet, so `npm run build` cannot make them';
  }
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (build.status === 0) return 'built by `npm run build` for this run';
  const why = (build.stderr || build.stdout || String(build.error ?? '')).trim().split('\n').slice(-3).join(' ');
  return haveAll()
    ? `\`npm run build\` failed (${why}); measured the bundles already in dist/`
    : `missing: \`npm run build\` failed (${why})`;
}

/** Wall time of one fresh Node process running `code`, or the reason it failed. */
function timeNode(code: string): number | string {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { PATH: process.env.PATH ?? '', ...HANDLER_ENV },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const elapsed = performance.now() - started;
  if (child.status !== 0) return (child.stderr || String(child.error ?? 'timed out')).trim().split('\n')[0] ?? '';
  return elapsed;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Sizes of the bundled handlers and their cold import cost. Bare Node and each bundle are timed in
 * alternation, so that a burst of load from other processes hits them alike.
 */
export function measureBundles(samples = 11): BundleReport {
  const source = prepareBundles();
  const present = HANDLERS.filter((name) => existsSync(bundlePath(name)));
  const bare: number[] = [];
  const imports = new Map<string, number[]>(present.map((name) => [name, []]));
  const problems = new Map<string, string>();
  for (let sample = 0; sample < samples && present.length > 0; sample += 1) {
    const bareTime = timeNode('');
    if (typeof bareTime === 'number') bare.push(bareTime);
    for (const name of present) {
      if (problems.has(name)) continue;
      const time = timeNode(`await import(${JSON.stringify(pathToFileURL(bundlePath(name)).href)});`);
      if (typeof time === 'number') imports.get(name)?.push(time);
      else problems.set(name, `importing it failed: ${time}`);
    }
  }
  const bareNodeMs = bare.length > 0 ? median(bare) : undefined;
  const bundles = HANDLERS.map((name): BundleMeasurement => {
    const path = bundlePath(name);
    if (!existsSync(path)) return { name, problem: 'no bundle' };
    const times = imports.get(name) ?? [];
    const loaded = coldImportBytes(path);
    const measured: BundleMeasurement = { name, folderBytes: packageBytes(dirname(path)) };
    if (typeof loaded === 'number') measured.bytes = loaded;
    else problems.set(name, loaded);
    const problem = problems.get(name);
    if (problem !== undefined) return { ...measured, problem };
    if (times.length > 0 && bareNodeMs !== undefined) measured.coldImportMs = median(times) - bareNodeMs;
    return measured;
  });
  return { source, bundles, ...(bareNodeMs === undefined ? {} : { bareNodeMs }) };
}
