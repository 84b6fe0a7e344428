import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';
import type { CliRun } from './run-cli.js';

/**
 * Runs the CLI with `args` plus `--data-dir` naming a directory that does not exist, and says
 * whether the run created it: a read-only command must not.
 */
export async function runOnUnusedDataDir(args: string[]): Promise<{ run: CliRun; created: boolean }> {
  const base = mkdtempSync(join(tmpdir(), 'model-sync-unused-'));
  const dataDir = join(base, 'pg');
  try {
    const run = await runCli([...args, '--data-dir', dataDir], {});
    return { run, created: existsSync(dataDir) };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
