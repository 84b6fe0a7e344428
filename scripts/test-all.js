// `npm test`: the type check and the lint run beside the tests, not before them, at a lower CPU
// priority, so that they use the time the tests spend waiting. The tests' output streams live; the
// checks' output follows it. Arguments go to vitest (`npm test -- test/unit`).
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

/** Runs a command; resolves with its exit code and, unless `live`, its output. */
function run(command, args, { live = false, background = false } = {}) {
  const child = spawn(command, args, { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  // A command that could not be spawned has no pid; its 'error' below says so.
  if (background && child.pid !== undefined) setPriority(child.pid, 10);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: 1, output: `${command}: ${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal === null ? 1 : 128), output }));
  });
}

const checks = [
  // One thread: beside the tests, threads only add CPU (5.5 s instead of 7.5 s) to a busy machine.
  ['type check (tsc --noEmit, TypeScript 7)', run('tsc', ['--noEmit', '--singleThreaded'], { background: true })],
  ['lint (oxlint --type-aware)', run('oxlint', ['--type-aware'], { background: true })],
];
const tests = await run('vitest', ['run', ...process.argv.slice(2)], { live: true });
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
