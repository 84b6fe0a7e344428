import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'litemaas-model-sync.js');

/** What one CLI run printed and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the installed CLI (`bin/litemaas-model-sync.js`) in a child process with only `env` (plus
 * PATH and HOME), so that nothing of the test's own environment leaks in.
 *
 * @example
 * const run = await runCli(['--json'], { DATABASE_URL: url, LITELLM_API_URL: litellm.url });
 * expect(run.code).toBe(0);
 */
export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  options: { cwd?: string } = {},
): Promise<CliRun> {
  const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: cleanEnv, cwd: options.cwd ?? process.cwd(), timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}
