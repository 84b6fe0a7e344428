import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { startThrowawayPostgres } from '../../local/throwaway-postgres.js';

/** A throw-away real PostgreSQL database for one test file, with room to create more beside it. */
export interface TestPostgres {
  /** `postgres://…` URL of the file's own database. */
  connectionString: string;
  /** A plain node-postgres client on that database, for arranging and inspecting data directly. */
  client: pg.Client;
  /** Creates an empty database on the same server and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the `postgres` database of the server the whole run shares (test/support/global-postgres.ts). */
    testPostgresUrl?: string;
    /** A cluster initdb made for this run, which the servers tests start for themselves copy (test/support/global-postgres.ts). */
    testPostgresCluster?: string;
  }
}

/** A value the run's global setup provided; undefined outside a vitest worker (a script that imports this module). */
function provided<K extends 'testPostgresUrl' | 'testPostgresCluster'>(key: K): string | undefined {
  try {
    return inject(key);
  } catch {
    return undefined;
  }
}

/**
 * What a test file passes to start a PostgreSQL server of its own (`startLocalPostgres`,
 * `startThrowawayPostgres`): the run's initialised cluster to copy, about 1 s of CPU less than initdb.
 */
export const ownServer = (): { initialisedFrom?: string } => {
  const cluster = provided('testPostgresCluster');
  return cluster === undefined ? {} : { initialisedFrom: cluster };
};

/** Unique on the server the run shares, even when a worker loads this module again for its next file. */
export const uniqueSuffix = (): string => `${process.pid}_${randomBytes(4).toString('hex')}`;

/**
 * A database of its own for a test file. Inside `vitest run` it lives on the one server the run
 * shares (starting PostgreSQL costs more CPU than most test files); elsewhere the file gets a
 * server of its own.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const shared = provided('testPostgresUrl');
  const server = shared === undefined ? await startThrowawayPostgres() : { connectionString: shared, stop: () => Promise.resolve() };
  const urlOf = (name: string): string => server.connectionString.replace(/\/postgres$/, `/${name}`);
  const admin = new pg.Client({ connectionString: server.connectionString });
  await admin.connect();
  const createDatabase = async (name: string): Promise<string> => {
    // FILE_COPY copies the template's files; PostgreSQL 16's default (WAL_LOG) writes every page
    // of it to the WAL as well: 22-31 ms of the server's CPU a database, against 12-13 ms, for
    // the few hundred a run creates (measured on the RAM disk, 2026-12-08).
    await admin.query(`CREATE DATABASE "${name}" STRATEGY FILE_COPY`);
    return urlOf(name);
  };
  const connectionString = await createDatabase(`test_${uniqueSuffix()}`);
  const client = new pg.Client({ connectionString });
  await client.connect();
  return {
    connectionString,
    client,
    createDatabase,
    async stop() {
      await client.end();
      await admin.end();
      await server.stop();
    },
  };
}
