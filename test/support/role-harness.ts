import { afterAll } from 'vitest';
import { createPostgresDatabase } from '../../lib/db/postgres/database.js';
import type { PostgresDatabase } from '../../lib/db/postgres/database.js';
import { readFixture } from './fixtures.js';
import { uniqueSuffix } from './postgres.js';
import { useSyncHarness } from './sync-harness.js';
import type { SyncFixture, SyncHarness } from './sync-harness.js';

/** A sync harness for tests that sign in as database roles of their own. */
export interface RoleHarness {
  /** The shared harness; set once `beforeAll` ran. */
  readonly sync: () => SyncHarness;
  /** A fresh role name starting with `base`: roles are cluster-wide, so each test needs its own. */
  roleName(base: string): string;
  /** The node-postgres adapter of `db` signed in as `role` (closed after the file). */
  signedInAs(db: SyncFixture, role: string, password: string): PostgresDatabase;
}

/**
 * Registers the file's hooks: one PostgreSQL and LiteLLM stand-in (serving the basic fixture before
 * each test), closed with every adapter opened through {@link RoleHarness.signedInAs}.
 *
 * @example
 * const roles = useRoleHarness();
 * const db = await roles.sync().freshDatabase();
 */
export function useRoleHarness(): RoleHarness {
  const basic = readFixture('model-info-basic.json');
  const sync = useSyncHarness(() => basic);
  const opened: PostgresDatabase[] = [];
  // Registered after useSyncHarness's: vitest runs afterAll hooks in reverse, so these close first.
  afterAll(async () => {
    for (const database of opened) await database.close();
  });
  return {
    sync,
    roleName: (base) => `${base}_${uniqueSuffix()}`,
    signedInAs: (db, role, password) => {
      const url = new URL(db.url);
      url.username = role;
      url.password = password;
      const database = createPostgresDatabase(url.toString());
      opened.push(database);
      return database;
    },
  };
}
