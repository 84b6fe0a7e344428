import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liteLLMProxyInstallProblem } from '../../local/litellm-proxy.js';
import { runningOnCi } from '../support/ci.js';
import { descendantsOf, stillRunning } from '../support/process-tree.js';
import type { RunningProcess } from '../support/process-tree.js';
import { BIN, REPO } from '../support/run-cli.js';

// `litemaas-model-sync demo` end to end: the pinned real LiteLLM proxy (started twice), the
// embedded PostgreSQL, two syncs; and Ctrl-C while they start. Each run gets its own TMPDIR, so "nothing left behind" is an
// empty directory afterwards (but for tsx's compile cache, which is tsx's).
const ON_CI = runningOnCi();
const INSTALL_PROBLEM = liteLLMProxyInstallProblem();
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // As root the embedded PostgreSQL runs as "postgres", who must pass through it.
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

interface DemoRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** What the demo had started when it was interrupted. */
  runningAtInterrupt: RunningProcess[];
}

/**
 * Runs the demo's bin; `interruptWhen` sends SIGINT (Ctrl-C) once it holds (asked every 100 ms). It
 * gets the processes the demo has started as a function: listing them runs `ps`, so a condition
 * checks what is cheaper first.
 */
function runDemo(options: { tmp: string; bin?: string; env?: Record<string, string>; interruptWhen?: (running: () => RunningProcess[]) => boolean }): Promise<DemoRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [options.bin ?? BIN, 'demo'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: options.tmp, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let runningAtInterrupt: RunningProcess[] = [];
    const { interruptWhen } = options;
    const watcher =
      interruptWhen === undefined || child.pid === undefined
        ? undefined
        : setInterval(() => {
            let listed: RunningProcess[] | undefined;
            const running = (): RunningProcess[] => (listed ??= descendantsOf(child.pid ?? 0));
            if (!interruptWhen(running)) return;
            clearInterval(watcher);
            runningAtInterrupt = running();
            child.kill('SIGINT');
          }, 100);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 420_000);
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      clearInterval(watcher);
      resolve({ code, signal, stdout, stderr, runningAtInterrupt });
    });
  });
}

/** The demo proxy's URL, from the line that announces it. */
function proxyUrl(stdout: string): string {
  const url = /on (http:\/\/127\.0\.0\.1:\d+):/.exec(stdout)?.[1];
  if (url === undefined) throw new Error(`no proxy URL in:\n${stdout}`);
  return url;
}

const isLiteLLMProxy = (running: RunningProcess): boolean => /\/litellm --config /.test(running.args);
const isPostgresServer = (running: RunningProcess): boolean => /\/postgres -D /.test(running.args);

/**
 * Those of `matching` whose parent is not one of them: a process a server has just forked shows the
 * server's command line until it names itself, which on a busy machine the test may see.
 */
function topmost(matching: RunningProcess[]): RunningProcess[] {
  const pids = new Set(matching.map((running) => running.pid));
  return matching.filter((running) => !pids.has(running.ppid));
}

/** Whether the demo's PostgreSQL (its data directory in `tmp`) says it accepts connections. */
function postgresReady(tmp: string): boolean {
  return readdirSync(tmp)
    .filter((name) => name.startsWith('model-sync-demo-pg-'))
    .some((name) => {
      try {
        return readFileSync(join(tmp, name, 'postmaster.pid'), 'utf8').split('\n')[7]?.trim() === 'ready';
      } catch {
        return false; // not written yet, or not readable by this user
      }
    });
}

/** What the demo left in its TMPDIR. */
const leftIn = (tmp: string): string[] => readdirSync(tmp).filter((name) => !name.startsWith('tsx-'));

async function isListening(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health/readiness`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(INSTALL_PROBLEM !== undefined && !ON_CI)('npm run demo', () => {
  it('It should sync a real LiteLLM proxy twice, show the rows and the runs, and leave nothing running', async () => {
    const tmp = freshDir('model-sync-demo-test-');
    const demo = await runDemo({ tmp });
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    const out = demo.stdout;
    // The first sync: one row per name, the paused deployment left out of the merge, the wildcard ignored.
    expect(out).toMatch(/added\s+4\s+chat, embed-small, qwen-coder, summarizer/);
    expect(out).toMatch(/ignored\s+1\s+vllm-cluster\/\* \(wildcard\)/);
    expect(out).toMatch(/^qwen-coder\s+available\s+openai\s+32768\s+1\.2\s+3\.5\s+no$/m);
    // The change: the paused model becomes unavailable.
    expect(out).toMatch(/paused\s+1\s+qwen-coder/);
    expect(out).toMatch(/^qwen-coder\s+unavailable\s/m);
    expect(out.match(/^\S+ \S+\s+succeeded\s+cli\s/gm)).toHaveLength(2);
    expect(out).toContain('export LITELLM_API_URL=https://litellm.example.com');
    expect(await isListening(proxyUrl(out))).toBe(false);
    expect(leftIn(tmp)).toEqual([]);
  }, 450_000);

  it('It should stop the proxy and PostgreSQL on Ctrl-C', async () => {
    const tmp = freshDir('model-sync-demo-test-');
    // Ctrl-C while the proxy is still starting, the wait a user is most likely to cut short: by then
    // PostgreSQL accepts connections and the proxy's process runs (a whole start adds nothing to stop).
    const demo = await runDemo({ tmp, interruptWhen: (running) => postgresReady(tmp) && running().some(isLiteLLMProxy) });
    expect(demo.code).toBe(130);
    expect(topmost(demo.runningAtInterrupt.filter(isLiteLLMProxy))).toHaveLength(1);
    expect(topmost(demo.runningAtInterrupt.filter(isPostgresServer))).toHaveLength(1);
    expect(stillRunning(demo.runningAtInterrupt)).toEqual([]);
    expect(leftIn(tmp)).toEqual([]);
  }, 450_000);
});

describe('npm run demo without Python 3.10 or newer', () => {
  it('It should say in one line what to install', async () => {
    // A checkout with no .venv yet: the demo must install the proxy, and cannot.
    const checkout = freshDir('model-sync-demo-nopython-');
    for (const part of ['bin', 'cli', 'lib', 'local', 'scripts', 'package.json', 'tsconfig.json']) cpSync(join(REPO, part), join(checkout, part), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(checkout, 'node_modules'));
    mkdirSync(join(checkout, 'tmp'));
    const python = join(checkout, 'python3.9');
    writeFileSync(python, '#!/bin/sh\nexit 1\n');
    chmodSync(python, 0o755);
    const demo = await runDemo({ tmp: join(checkout, 'tmp'), bin: join(checkout, 'bin', 'litemaas-model-sync.js'), env: { LITELLM_PYTHON: python } });
    expect(demo.code).toBe(2);
    expect(demo.stderr.trim().split('\n')).toEqual([
      'litemaas-model-sync: the demo runs the real LiteLLM proxy, which needs Python 3.10 or newer with venv: install python3 and python3-venv, then run it again.',
    ]);
  }, 60_000);
});
