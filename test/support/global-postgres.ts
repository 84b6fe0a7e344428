import { chmodSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { initialisePostgresCluster, startLocalPostgres } from '../../local/embedded-postgres.js';
import type { LocalPostgres } from '../../local/embedded-postgres.js';

/** Linux's RAM disk, and the room the run's few hundred databases (about 7.5 MB each) need on it. */
const RAM_DISK = '/dev/shm';
const RAM_DISK_ROOM_BYTES = 4 * 1024 ** 3;

/**
 * Where the shared server keeps its data: on the RAM disk when there is one with room, else in the
 * temporary directory. Each `CREATE DATABASE` writes a copy of the template's few hundred files, and
 * on a disk that costs several times the CPU (file system journal, discards on delete) of the same
 * work in memory; the server is thrown away, so nothing is lost.
 */
function dataParent(): string {
  try {
    const space = statfsSync(RAM_DISK);
    if (space.bavail * space.bsize >= RAM_DISK_ROOM_BYTES) return RAM_DISK;
  } catch {
    // no RAM disk here (macOS)
  }
  return tmpdir();
}

/** The run's server and the cluster it was copied from, with the number of projects using it. */
interface SharedPostgres {
  url: string;
  cluster: string;
  projects: number;
  stop(): Promise<void>;
}

/** The run's server, kept on the process: vitest may load this module once per project. */
const RUN_SERVER = Symbol.for('model-sync.test-postgres');
const processWide = globalThis as { [RUN_SERVER]?: Promise<SharedPostgres> };

async function startRunServer(): Promise<SharedPostgres> {
  const runDir = mkdtempSync(join(dataParent(), 'model-sync-pg-'));
  // As root the servers run as "postgres", who must pass through it; each data directory is private.
  chmodSync(runDir, 0o755);
  const removeRunDir = (): void => rmSync(runDir, { recursive: true, force: true });
  const cluster = join(runDir, 'initialised');
  let server: LocalPostgres;
  try {
    await initialisePostgresCluster(cluster);
    server = await startLocalPostgres({
      dataDir: join(runDir, 'shared'),
      initialisedFrom: cluster,
      persistent: false,
      fast: true,
      // Every file of a parallel run holds a few connections at once. No autovacuum: its workers
      // would visit each of the run's databases, which live for seconds, for nothing.
      settings: { max_connections: '300', autovacuum: 'off' },
    });
  } catch (error) {
    removeRunDir(); // no server to remove it
    throw error;
  }
  return {
    url: server.connectionString,
    cluster,
    projects: 0,
    async stop() {
      await server.stop();
      removeRunDir();
    },
  };
}

/**
 * vitest global setup: one PostgreSQL server for the whole run, shared by every project that lists
 * this setup (vitest runs it once per project; the first starts the server, the last to finish
 * stops it), on which each test file creates databases of its own (test/support/postgres.ts).
 * Started once instead of once per file or project: initdb and a server start cost more CPU than
 * most test files, and the run waits for them before its first test. The cluster initdb made is
 * kept for the run, and the servers a few files start for themselves (TLS, TCP passwords) copy it
 * instead of running initdb again (`ownServer()`).
 */
export default async function startSharedPostgres(project: TestProject): Promise<() => Promise<void>> {
  const starting = (processWide[RUN_SERVER] ??= startRunServer());
  let shared: SharedPostgres;
  try {
    shared = await starting;
  } catch (error) {
    delete processWide[RUN_SERVER];
    throw error;
  }
  shared.projects += 1;
  project.provide('testPostgresUrl', shared.url);
  project.provide('testPostgresCluster', shared.cluster);
  return async () => {
    shared.projects -= 1;
    if (shared.projects > 0) return;
    delete processWide[RUN_SERVER];
    await shared.stop();
  };
}
