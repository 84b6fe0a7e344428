import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startLocalPostgres } from './embedded-postgres.js';
import type { LocalPostgres, LocalPostgresOptions } from './embedded-postgres.js';

/**
 * A throw-away real PostgreSQL server (a temporary data directory, removed on stop), for one test
 * file or one benchmark run.
 */
export interface ThrowawayPostgres {
  connectionString: string;
  /** A plain node-postgres client for arranging and inspecting data directly. */
  client: pg.Client;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts a {@link ThrowawayPostgres}: extra server `settings` (`max_connections`, ...), and a
 * cluster to copy instead of running initdb (`initialisedFrom`, see startLocalPostgres).
 */
export async function startThrowawayPostgres(options: Pick<LocalPostgresOptions, 'settings' | 'initialisedFrom'> = {}): Promise<ThrowawayPostgres> {
  const dataDir = mkdtempSync(join(tmpdir(), 'model-sync-pg-'));
  let server: LocalPostgres;
  try {
    server = await startLocalPostgres({ ...options, dataDir, persistent: false, fast: true });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true }); // no server to remove it
    throw error;
  }
  const client = new pg.Client({ connectionString: server.connectionString });
  try {
    await client.connect();
  } catch (error) {
    await server.stop(); // persistent: false, so this removes the data directory too
    throw error;
  }
  return {
    connectionString: server.connectionString,
    client,
    async createDatabase(name) {
      await client.query(`CREATE DATABASE "${name}"`);
      return server.urlFor(name);
    },
    async stop() {
      await client.end();
      await server.stop();
    },
  };
}
