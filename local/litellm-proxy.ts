import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from './free-port.js';
import { GunicornWorkers } from './gunicorn-workers.js';
import { stopOnExit } from './stop-on-exit.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const VENV = join(ROOT, '.venv', 'litellm');
const REQUIREMENTS = join(ROOT, 'scripts', 'litellm-proxy', 'requirements.txt');
/** Closed port on loopback: where every remote LiteLLM resource is pointed, should anything fetch one. */
const NOWHERE = 'http://127.0.0.1:9/offline';
const STARTUP_TIMEOUT_MS = 150_000;
/** A reload forks a worker from the master, which has LiteLLM imported: a second or two. */
const RELOAD_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
/** How much of the proxy's own output is kept to explain a failed start. */
const LOG_TAIL_CHARS = 8_000;

/** A real LiteLLM proxy process on 127.0.0.1, started from a config file the caller owns (tests, the demo). */
export interface RealLiteLLMProxy {
  url: string;
  /** The installed `litellm` version, e.g. `1.108.7`. */
  version: string;
  /** From spawn to the first successful `/health/readiness`. */
  startupMs: number;
  /** The last few KB the proxy printed (stdout and stderr). */
  logTail(): string;
  /**
   * Makes the proxy read its config file again, as a restart would, and resolves once only a
   * worker started on the new config serves. gunicorn (SIGHUP) forks that worker from its master,
   * which imported LiteLLM once: about 1 s of CPU where a new process takes about 9 s.
   */
  reload(): Promise<void>;
  /** Stops the process (SIGTERM, then SIGKILL) and waits until it has exited; safe to call twice. */
  stop(): Promise<void>;
}

/** The `litellm[proxy]` version that scripts/litellm-proxy/requirements.txt pins. */
export function pinnedLiteLLMVersion(): string {
  const match = /^litellm\[proxy\]==(\S+)$/m.exec(readFileSync(REQUIREMENTS, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`${REQUIREMENTS} pins no litellm[proxy] version`);
  return match[1];
}

function installedLiteLLMVersion(): string | undefined {
  const python = join(VENV, 'bin', 'python');
  if (!existsSync(join(VENV, 'bin', 'litellm')) || !existsSync(python)) return undefined;
  const run = spawnSync(python, ['-c', 'import importlib.metadata as m; print(m.version("litellm"))'], {
    encoding: 'utf8',
  });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/**
 * Why the pinned proxy cannot be started here, or undefined when it can.
 *
 * @example
 * const problem = liteLLMProxyInstallProblem(); // "... run `npm test` ..."
 */
export function liteLLMProxyInstallProblem(): string | undefined {
  const pinned = pinnedLiteLLMVersion();
  const installed = installedLiteLLMVersion();
  if (installed === pinned) return undefined;
  const found = installed === undefined ? 'no LiteLLM proxy in .venv/litellm' : `litellm ${installed} in .venv/litellm`;
  return `the real LiteLLM proxy needs litellm[proxy]==${pinned} (found ${found}): run \`npm test\` or \`bash scripts/litellm-proxy/install.sh\`, which install it`;
}

/**
 * The only variables the proxy gets: no DATABASE_URL or provider keys leak in from the caller, the
 * cost map and other remote resources are read from the package, and telemetry is vetoed, so the
 * proxy makes no outbound call.
 */
function proxyEnvironment(masterKey: string, home: string): NodeJS.ProcessEnv {
  return {
    PATH: `${join(VENV, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    LANG: 'C.UTF-8',
    LITELLM_MASTER_KEY: masterKey,
    LITELLM_LOCAL_MODEL_COST_MAP: 'True',
    LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS: 'True',
    LITELLM_LOCAL_AUTOROUTER_PRESETS: 'True',
    LITELLM_LOCAL_BLOG_POSTS: 'True',
    LITELLM_LOCAL_POLICY_TEMPLATES: 'True',
    LITELLM_MODEL_COST_MAP_URL: NOWHERE,
    LITELLM_ANTHROPIC_BETA_HEADERS_URL: NOWHERE,
    LITELLM_AUTOROUTER_PRESETS_URL: NOWHERE,
    LITELLM_BLOG_POSTS_URL: NOWHERE,
    LITELLM_TELEMETRY_DISABLED: 'true',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
  };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Waits until `done` holds, asking every 100 ms; throws with `explain()` after `timeoutMs` or when the proxy exits. */
async function waitFor(done: () => boolean, child: ChildProcess, timeoutMs: number, explain: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the LiteLLM proxy exited (${child.exitCode ?? child.signalCode}):\n${explain()}`);
    if (Date.now() > deadline) throw new Error(`the LiteLLM proxy did not reload its config within ${timeoutMs / 1000} s:\n${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitUntilReady(url: string, child: ChildProcess, logTail: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      throw new Error(`the LiteLLM proxy exited while starting (${child.exitCode ?? child.signalCode}):\n${logTail()}`);
    }
    try {
      const response = await fetch(`${url}/health/readiness`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the LiteLLM proxy was not ready after ${STARTUP_TIMEOUT_MS / 1000} s:\n${logTail()}`);
}

/**
 * Starts the installed proxy on a free port of 127.0.0.1 and waits for `/health/readiness`.
 * There is no database: config models only, and `/model/info` answers from memory.
 *
 * @example
 * const proxy = await startRealLiteLLMProxy({ configPath, masterKey: 'sk-…' });
 * await fetch(`${proxy.url}/model/info`, { headers: { authorization: 'Bearer sk-…' } });
 * await proxy.stop();
 */
export async function startRealLiteLLMProxy(options: { configPath: string; masterKey: string }): Promise<RealLiteLLMProxy> {
  const problem = liteLLMProxyInstallProblem();
  if (problem !== undefined) throw new Error(problem);
  const version = pinnedLiteLLMVersion();
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  // Its own working directory and HOME, so nothing it writes lands in the repository or ~.
  const workDir = mkdtempSync(join(tmpdir(), 'litellm-proxy-'));
  const started = Date.now();
  // Under gunicorn (one worker), so that reload() forks a worker instead of starting Python again;
  // in a process group of its own, so that a kill reaches the worker too.
  const child = spawn(
    join(VENV, 'bin', 'litellm'),
    ['--config', options.configPath, '--host', '127.0.0.1', '--port', String(port), '--num_workers', '1', '--run_gunicorn'],
    { cwd: workDir, env: proxyEnvironment(options.masterKey, workDir), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const workers = new GunicornWorkers();
  const keep = (stream: string) => (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    workers.feed(stream, text);
    output = (output + text).slice(-LOG_TAIL_CHARS);
  };
  child.stdout?.on('data', keep('stdout'));
  child.stderr?.on('data', keep('stderr'));
  const logTail = (): string => output;
  const killAll = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // A proxy that could not even be spawned (a broken .venv): an 'error' event, no exit, no port.
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  // Interrupted (Ctrl-C) or ended without stop(), this process must not leave the proxy running.
  const forget = stopOnExit({ stop: () => stop(), kill: killAll });

  const stop = async (): Promise<void> => {
    if (spawnError === undefined && child.exitCode === null && child.signalCode === null) {
      // The master stops its worker on SIGTERM; the group's SIGKILL is for a master that hangs.
      child.kill('SIGTERM');
      const killer = setTimeout(killAll, STOP_TIMEOUT_MS);
      await exited(child);
      clearTimeout(killer);
    }
    forget();
    rmSync(workDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(url, child, () => (spawnError === undefined ? logTail() : `could not start it: ${spawnError.message}`));
  } catch (error) {
    await stop();
    throw error;
  }
  const reload = async (): Promise<void> => {
    // The serving worker's startup line can come after its first answer: known before the signal.
    await waitFor(() => workers.serving().length > 0, child, RELOAD_TIMEOUT_MS, logTail);
    const before = workers.serving();
    child.kill('SIGHUP');
    await waitFor(() => workers.serving().length > 0 && workers.serving().every((pid) => !before.includes(pid)), child, RELOAD_TIMEOUT_MS, logTail);
  };
  return { url, version, startupMs: Date.now() - started, logTail, reload, stop };
}
