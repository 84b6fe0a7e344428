import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mainReportingBugs } from '../../cli/main.js';
import { flushed } from '../../cli/output.js';
import { cliDataHome } from './cli-data-dir.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(REPO, 'bin', 'litemaas-model-sync.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Only `env`, plus PATH, HOME and a throw-away XDG data home: nothing of the test's own environment leaks in. */
function cliEnvironment(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return { PATH: process.env.PATH, HOME: process.env.HOME, XDG_DATA_HOME: cliDataHome(), ...env };
}

/** Sends what the CLI writes to `stream` into `sink` instead; returns the function that undoes it. */
function capture(stream: NodeJS.WriteStream, sink: (text: string) => void): () => void {
  const own = Object.getOwnPropertyDescriptor(stream, 'write');
  stream.write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
    if (callback !== undefined) process.nextTick(callback);
    return true;
  };
  return () => {
    if (own === undefined) Reflect.deleteProperty(stream, 'write');
    else Object.defineProperty(stream, 'write', own);
  };
}

let inProcessRunActive = false;

/**
 * Runs a CLI command in this process through the CLI's own `main` (what the bin runs, without the
 * process around it): the exit code it would end with, and what it wrote to stdout and stderr. A
 * process costs half a second of CPU, so this is the default; runs that need the process itself
 * (the embedded PostgreSQL, pipes, terminals, exit through the bin) use {@link runCliProcess}.
 *
 * @example
 * const run = await runCli(['--json'], { DATABASE_URL: url, LITELLM_API_URL: litellm.url });
 * expect(run.code).toBe(0);
 */
export async function runCli(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  // stdout and stderr are the worker's own: two runs at once would interleave their output.
  if (inProcessRunActive) throw new Error('in-process CLI runs cannot overlap: run the concurrent one with runCliProcess');
  inProcessRunActive = true;
  const run = { stdout: '', stderr: '' };
  const restores = [capture(process.stdout, (text) => (run.stdout += text)), capture(process.stderr, (text) => (run.stderr += text))];
  try {
    const code = await mainReportingBugs(args, cliEnvironment(env));
    await flushed();
    return { code, ...run };
  } finally {
    for (const restore of restores) restore();
    inProcessRunActive = false;
  }
}

/**
 * Runs the CLI's bin as a user would, in a process of its own, stdout and stderr piped, with only
 * `env` (plus PATH, HOME and a throw-away XDG data home).
 *
 * @example
 * const run = await runCliProcess(['--json'], { DATABASE_URL: url }, { throughPipe: true });
 */
export function runCliProcess(
  args: string[],
  env: Record<string, string | undefined>,
  options: { cwd?: string; bin?: string; throughPipe?: boolean | string } = {},
): Promise<CliRun> {
  const cleanEnv = cliEnvironment(env);
  const command = [process.execPath, options.bin ?? BIN, ...args];
  // Node gives a child's stdio sockets with large buffers; `| cat` makes stdout a real pipe
  // (64 KiB), as `litemaas-model-sync --json | jq` has it. pipefail keeps the CLI's exit code.
  const reader = typeof options.throughPipe === 'string' ? options.throughPipe : 'cat';
  const [file, ...fileArgs] =
    options.throughPipe === undefined || options.throughPipe === false
      ? command
      : ['bash', '-o', 'pipefail', '-c', `"$0" "$@" | ${reader}`, ...command];
  return new Promise((resolve) => {
    execFile(
      file ?? process.execPath,
      fileArgs,
      { env: cleanEnv, cwd: options.cwd ?? process.cwd(), timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A failure is reported in one line of stderr, never with a stack trace. */
export function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  if (lines.length !== 1 || /\n\s+at /.test(stderr)) throw new Error(`expected one line on stderr, got:\n${stderr}`);
  return lines[0] ?? '';
}
