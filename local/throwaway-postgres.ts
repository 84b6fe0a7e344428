import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startLocalPostgres } from './embedded-postgres.js';

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

/** Starts a {@link ThrowawayPostgres} on a free loopback port. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dataDir = mkdtempSync(join(tmpdir(), 'model-sync-pg-'));
  const server = await startLocalPostgres({ dataDir, persistent: false, fast: true });
  const client = new pg.Client({ connectionString: server.connectionString });
  await client.connect();
  return {
    connectionString: server.connectionString,
    client,
    async createDatabase(name) {
      await client.query(`CREATE DATABASE "${name}"`);
      return server.connectionString.replace(/\/postgres$/, `/${name}`);
    },
    async stop() {
      await client.end();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
