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

/**
 * vitest global setup: one PostgreSQL server for the whole run, on which each test file creates
 * databases of its own (test/support/postgres.ts). Started once instead of once per file: initdb
 * and a server start cost more CPU than most test files. The cluster initdb made is kept for the
 * run, and the servers a few files start for themselves (TLS, TCP passwords) copy it instead of
 * running initdb again (`ownServer()`).
 */
export default async function startSharedPostgres(project: TestProject): Promise<() => Promise<void>> {
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
  project.provide('testPostgresUrl', server.connectionString);
  project.provide('testPostgresCluster', cluster);
  return async () => {
    await server.stop();
    removeRunDir();
  };
}
