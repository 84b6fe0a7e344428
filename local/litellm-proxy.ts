import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from './free-port.js';
import { stopOnExit } from './stop-on-exit.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const VENV = join(ROOT, '.venv', 'litellm');
const REQUIREMENTS = join(ROOT, 'scripts', 'litellm-proxy', 'requirements.txt');
/** Closed port on loopback: where every remote LiteLLM resource is pointed, should anything fetch one. */
const NOWHERE = 'http://127.0.0.1:9/offline';
const STARTUP_TIMEOUT_MS = 150_000;
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
  const child = spawn(
    join(VENV, 'bin', 'litellm'),
    ['--config', options.configPath, '--host', '127.0.0.1', '--port', String(port), '--num_workers', '1'],
    { cwd: workDir, env: proxyEnvironment(options.masterKey, workDir), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-LOG_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const logTail = (): string => output;
  // A proxy that could not even be spawned (a broken .venv): an 'error' event, no exit, no port.
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  // Interrupted (Ctrl-C) or ended without stop(), this process must not leave the proxy running.
  const forget = stopOnExit({ stop: () => stop(), kill: () => child.kill('SIGKILL') });

  const stop = async (): Promise<void> => {
    if (spawnError === undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
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
  return { url, version, startupMs: Date.now() - started, logTail, stop };
}
