/**
 * `litemaas-model-sync demo` (`npm run demo`): the main job with nothing configured. Starts the
 * pinned real LiteLLM proxy on 127.0.0.1 with a sample catalog, syncs it into a throw-away embedded
 * PostgreSQL, shows the rows (the `models` command) and the recorded run, pauses one deployment, syncs again, and says how
 * to do the same against a real proxy. Everything it starts is stopped, also on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Environment } from '../../lib/config.js';
import { readLiteLLMMaxResponseBytes } from '../../lib/config.js';
import { startLocalPostgres } from '../../local/embedded-postgres.js';
import type { LocalPostgres } from '../../local/embedded-postgres.js';
import { startRealLiteLLMProxy } from '../../local/litellm-proxy.js';
import { stopOnExit } from '../../local/stop-on-exit.js';
import type { RealLiteLLMProxy } from '../../local/litellm-proxy.js';
import type { DatabaseChoice, ModelsCommand, SyncCommand } from '../commands.js';
import { EXIT } from '../exit-codes.js';
import { printProblem, printResult } from '../output.js';
import { showModels } from '../models-command.js';
import { showRuns } from '../runs.js';
import { runSync } from '../sync.js';
import { demoProxyConfig, PAUSED_IN_CHANGE } from './catalog.js';
import { RUNS_LIMIT } from '../../lib/sync/run-history.js';

const INSTALL_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'litellm-proxy', 'install.sh');
/** install.sh's exit code when no Python 3.10+ exists. */
const NO_PYTHON = 3;

/** Installs the pinned proxy when needed (its progress line shows); the exit code to stop with, if any. */
function installProxy(): Promise<number | undefined> {
  return new Promise((resolve) => {
    const install = spawn('bash', [INSTALL_SCRIPT], { stdio: ['ignore', 'inherit', 'pipe'] });
    let problem = '';
    install.stderr.on('data', (chunk: Buffer) => {
      problem += chunk.toString('utf8');
    });
    install.once('error', () => resolve(EXIT.failed));
    install.once('close', (code) => {
      if (code === 0) resolve(undefined);
      else if (code === NO_PYTHON) {
        printProblem('the demo runs the real LiteLLM proxy, which needs Python 3.10 or newer with venv: install python3 and python3-venv, then run it again.');
        resolve(EXIT.usage);
      } else {
        printProblem(`could not install the LiteLLM proxy: ${problem.trim().split('\n').at(-1) ?? 'no reason given'}`);
        resolve(EXIT.failed);
      }
    });
  });
}

/** The first line of an error's message: a failed start carries the proxy's log after it. */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'no reason given';
}

function heading(text: string): void {
  printResult(`\n== ${text}`);
}

/** The demo database, as the CLI's commands choose one. */
function demoDatabase(database: LocalPostgres): DatabaseChoice {
  return { databaseUrl: database.connectionString, dataDir: '' };
}

/**
 * One sync, then the rows it left as `litemaas-model-sync models` prints them, under `rowsHeading`
 * (none: a blank line); the exit code of the first step that failed, else success.
 */
async function syncThenShowRows(sync: SyncCommand, env: Environment, rowsHeading?: string): Promise<number> {
  const synced = await runSync(sync, env);
  if (synced !== EXIT.success) return synced;
  if (rowsHeading === undefined) printResult('');
  else heading(rowsHeading);
  const models: ModelsCommand = { command: 'models', json: false, databaseUrl: sync.databaseUrl, dataDir: sync.dataDir };
  return showModels(models);
}

/** A sync of the demo proxy into the demo database, printed as `litemaas-model-sync` prints one. */
function syncCommand(proxy: RealLiteLLMProxy, masterKey: string, database: LocalPostgres, env: Environment): SyncCommand {
  return {
    command: 'sync',
    json: false,
    litellmUrl: proxy.url,
    litellmApiKey: masterKey,
    options: { dryRun: false, forceUpdate: false, markUnavailable: true, force: false },
    events: false,
    catalog: {},
    litellmMaxResponseBytes: readLiteLLMMaxResponseBytes(env),
    ...demoDatabase(database),
  };
}

const NEXT_STEPS = `
== Now with your own LiteLLM proxy
  export LITELLM_API_URL=https://litellm.example.com LITELLM_API_KEY=sk-your-master-key
  npx litemaas-model-sync --dry-run                    # what a sync would change; changes nothing
  npx litemaas-model-sync                              # sync into your own embedded PostgreSQL
  npx litemaas-model-sync models                       # the models rows, as LiteMaaS users see them
  npx litemaas-model-sync runs                         # the recorded runs
  DATABASE_URL=postgres://… npx litemaas-model-sync    # into LiteMaaS's own database (docs/litemaas.md)
Every flag and variable: docs/cli.md.`;

/** Runs the demo; returns the exit code. */
export async function runDemo(env: Environment): Promise<number> {
  printResult('LiteMaaS model sync demo: a real LiteLLM proxy with a sample catalog, synced into a throw-away PostgreSQL. Nothing leaves this machine.');
  const installFailure = await installProxy();
  if (installFailure !== undefined) return installFailure;

  const workDir = mkdtempSync(join(tmpdir(), 'model-sync-demo-'));
  // Its own directory: as root the server runs as "postgres", who cannot enter workDir (0700).
  const dataDir = mkdtempSync(join(tmpdir(), 'model-sync-demo-pg-'));
  const configPath = join(workDir, 'litellm-config.json');
  const masterKey = `sk-demo-${randomBytes(12).toString('hex')}`;
  const removeWorkDir = (): void => rmSync(workDir, { recursive: true, force: true });
  // On Ctrl-C the servers are stopped by their own hooks; the config file goes with them.
  const forget = stopOnExit({ stop: () => Promise.resolve(removeWorkDir()), kill: removeWorkDir });
  let proxy: RealLiteLLMProxy | undefined;
  let database: LocalPostgres | undefined;
  try {
    writeFileSync(configPath, demoProxyConfig({ paused: false }));
    heading('Starting the LiteLLM proxy and PostgreSQL (the proxy takes 10–60 s)');
    const [proxyStart, databaseStart] = await Promise.allSettled([
      startRealLiteLLMProxy({ configPath, masterKey }),
      startLocalPostgres({ dataDir, persistent: false }),
    ]);
    if (proxyStart.status === 'fulfilled') proxy = proxyStart.value;
    if (databaseStart.status === 'fulfilled') database = databaseStart.value;
    if (proxy === undefined || database === undefined) {
      const failed = proxyStart.status === 'rejected' ? ['the LiteLLM proxy', proxyStart.reason] : ['PostgreSQL', databaseStart.status === 'rejected' ? databaseStart.reason : undefined];
      printProblem(`could not start ${String(failed[0])}: ${firstLine(failed[1])}`);
      return EXIT.failed;
    }
    printResult(`LiteLLM ${proxy.version} on ${proxy.url}: 2 load-balanced deployments of "chat", "summarizer" with one deployment paused, a wildcard route, "${PAUSED_IN_CHANGE}" with model_info, an embedding model.`);

    heading('litemaas-model-sync: the first sync');
    const first = await syncThenShowRows(syncCommand(proxy, masterKey, database, env), env, 'litemaas-model-sync models: the models table, as LiteMaaS users see it');
    if (first !== EXIT.success) return first;

    heading(`An admin pauses ${PAUSED_IN_CHANGE}'s only deployment (model_info.blocked); the proxy restarts`);
    await proxy.stop();
    writeFileSync(configPath, demoProxyConfig({ paused: true }));
    proxy = undefined;
    try {
      proxy = await startRealLiteLLMProxy({ configPath, masterKey });
    } catch (error) {
      printProblem(`could not restart the LiteLLM proxy: ${firstLine(error)}`);
      return EXIT.failed;
    }

    heading('litemaas-model-sync: the second sync');
    const second = await syncThenShowRows(syncCommand(proxy, masterKey, database, env), env);
    if (second !== EXIT.success) return second;

    heading('litemaas-model-sync runs: what each sync recorded');
    const runs = await showRuns({ command: 'runs', json: false, limit: RUNS_LIMIT.default, runId: undefined, changes: false, ...demoDatabase(database) });
    if (runs !== EXIT.success) return runs;
    printResult(NEXT_STEPS);
    return EXIT.success;
  } finally {
    await Promise.allSettled([proxy?.stop(), database?.stop()]);
    forget();
    removeWorkDir();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
