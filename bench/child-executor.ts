import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { handlerRuntimeEnvironment, SYNC_FUNCTION_MEMORY_MIB } from '../infra/handler-bundling.js';
import type { SyncJob } from './measure-sync.js';
import type { Executor } from './scenarios.js';

const CHILD_SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'sync-child.ts');

// CommonJS dependencies (pg) bundled into ESM still call `require` for Node built-ins.
const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

let bundled: Promise<string> | undefined;

/**
 * The child script bundled into one plain JavaScript file, as the Lambda handlers are, so that the
 * child runs on bare Node: no TypeScript loader in the memory it reports.
 */
function bundledChild(): Promise<string> {
  bundled ??= (async () => {
    const folder = mkdtempSync(join(tmpdir(), 'model-sync-bench-child-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    const outfile = join(folder, 'sync-child.mjs');
    await build({
      entryPoints: [CHILD_SOURCE],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      external: ['pg-native'], // optional in pg, never loaded
      banner: { js: REQUIRE_BANNER },
      logLevel: 'warning',
    });
    return outfile;
  })();
  return bundled;
}

/**
 * Runs each sync in a fresh Node process, so that the peak RSS it reports belongs to that one
 * sync — as one Lambda invocation in a new container would see it.
 */
export const runInChildProcess: Executor = async (job: SyncJob) => {
  const script = await bundledChild();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Measured as deployed: the handlers' Node and allocator options (infra/handler-bundling.ts).
      env: { ...process.env, ...handlerRuntimeEnvironment(SYNC_FUNCTION_MEMORY_MIB) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`The ${job.engine} sync process exited with ${code}: ${stderr.trim()}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Awaited<ReturnType<Executor>>);
      } catch {
        reject(new Error(`The ${job.engine} sync process printed no measurement: ${stdout.slice(0, 200)}`));
      }
    });
  });
};
