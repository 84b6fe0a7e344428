import type pg from 'pg';
import { SYNC_LOCK_KEY } from '../../lib/db/sql/lock.js';

/**
 * Holds the sync lock as a running sync does — in an open transaction on `client` — until
 * released, so that a sync started meanwhile must report itself skipped.
 *
 * @example
 * const lock = await holdSyncLock(client);
 * try { expect((await sync()).skipped).toBe(true); } finally { await lock.release(); }
 */
export async function holdSyncLock(client: pg.ClientBase): Promise<{ release(): Promise<void> }> {
  await client.query('BEGIN');
  await client.query(`SELECT pg_advisory_xact_lock(${SYNC_LOCK_KEY})`);
  return {
    release: async () => {
      await client.query('ROLLBACK');
    },
  };
}
