// `npm test`: the type check and the lint run beside the tests, not before them, at a lower CPU
// priority, so that they use the time the tests spend waiting. The tests' output streams live; the
// checks' output follows it. Arguments go to vitest (`npm test -- test/unit`).
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

/**
 * The type check runs on TypeScript 7's native compiler (the `typescript7` alias): a third of the
 * CPU of TypeScript 6's `tsc` for the same errors. `typescript` 6 stays for typescript-eslint,
 * which needs its JavaScript API. Named by path, as both packages provide a `tsc` bin.
 */
const TSC = fileURLToPath(new URL('../node_modules/typescript7/bin/tsc', import.meta.url));

/** Linux's RAM disk, and the room the tests' files need on it (the shared PostgreSQL's few hundred databases, about 2 GB). */
const RAM_DISK = '/dev/shm';
const RAM_DISK_ROOM_BYTES = 4 * 1024 ** 3;

/**
 * A temporary directory for this run on the RAM disk, when there is one with room; else none (the
 * system's). The tests create and remove tens of thousands of files there (PostgreSQL data
 * directories and the databases on them, synthesized templates, CLI data homes); on a disk that
 * costs a third of the suite's system CPU (journal, discards). Open to all like /tmp: as root the
 * tests' PostgreSQL runs as "postgres", and other users must pass through it.
 */
function ramTemporaryDirectory() {
  try {
    const space = statfsSync(RAM_DISK);
    if (space.bavail * space.bsize < RAM_DISK_ROOM_BYTES) return undefined;
    const directory = mkdtempSync(join(RAM_DISK, 'litemaas-model-sync-test-'));
    chmodSync(directory, 0o1777);
    return directory;
  } catch {
    return undefined; // no RAM disk (macOS), or not writable
  }
}

/** Runs a command; resolves with its exit code and, unless `live`, its output. */
function run(command, args, { live = false, background = false, env = process.env } = {}) {
  const child = spawn(command, args, { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'], env });
  if (background) setPriority(child.pid, 10);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: 1, output: `${command}: ${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal === null ? 1 : 128), output }));
  });
}

const checks = [
  ['type check (tsc --noEmit, TypeScript 7)', run(process.execPath, [TSC, '--noEmit'], { background: true })],
  ['lint (eslint --max-warnings 0 .)', run('eslint', ['--max-warnings', '0', '.'], { background: true })],
];
const temporary = ramTemporaryDirectory();
// Ctrl-C reaches vitest too (same process group); the directory goes once it has stopped.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => undefined);
const tests = await run('vitest', ['run', ...process.argv.slice(2)], {
  live: true,
  env: temporary === undefined ? process.env : { ...process.env, TMPDIR: temporary },
});
if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
let failed = tests.code !== 0;
for (const [name, check] of checks) {
  const { code, output } = await check;
  if (code === 0) {
    console.log(`${name}: passed`);
    continue;
  }
  failed = true;
  console.error(`\n${name} failed:\n${output.trimEnd()}`);
}
process.exit(failed ? 1 : 0);
