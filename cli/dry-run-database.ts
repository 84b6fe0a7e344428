import type { DatabasePort, SqlSession } from '../lib/db/port.js';
import { MIGRATE } from '../lib/db/sql/migrations.js';

/** A database port whose every statement runs in one transaction that is never committed. */
export interface RolledBackDatabase extends DatabasePort {
  /** Rolls everything back and returns the connection; safe to call when nothing ran. */
  finish(): Promise<void>;
}

const SAVEPOINT = 'dry_run_step';

/**
 * What a dry run talks to. The sync needs this service's tables to plan (and to simulate the
 * writes, which is what makes a dry run's numbers exact), but a dry run must leave the database as
 * it found it, schema included. So the migration runs first inside one transaction that is rolled
 * back at the end: on a database without our tables, the plan sees them empty, exactly as a first
 * real sync would. Treating missing tables as empty in SQL instead would mean a second plan
 * statement that could drift from the real one.
 *
 * The transaction opens lazily, at the sync's first statement, which comes after LiteLLM has
 * answered: the lock the migration takes (and any lock on `models` while it would add a column) is
 * held for the plan and the simulated writes only, not while LiteLLM is slow.
 */
export function rolledBackDatabase(database: DatabasePort): RolledBackDatabase {
  let opened: Promise<SqlSession> | undefined;
  let release: (() => void) | undefined;
  let held: Promise<void> | undefined;

  const session = (): Promise<SqlSession> => {
    opened ??= new Promise<SqlSession>((resolve, reject) => {
      held = database
        .transaction(
          async (outer) => {
            await outer.execute(MIGRATE);
            resolve(outer);
            await new Promise<void>((done) => (release = done));
          },
          { rollbackOnly: true },
        )
        .catch((error: unknown) => reject(error instanceof Error ? error : new Error(String(error))));
    });
    return opened;
  };

  return {
    execute: async (statement, parameters) => (await session()).execute(statement, parameters),

    // The sync's own transaction becomes a savepoint inside the outer one: it is rolled back on
    // failure as the sync expects, and a dry run's rollbackOnly is honoured the same way.
    async transaction(work, options = {}) {
      const outer = await session();
      await outer.execute({ name: 'savepoint', text: `SAVEPOINT ${SAVEPOINT}` });
      try {
        const result = await work(outer);
        const end = options.rollbackOnly === true ? `ROLLBACK TO SAVEPOINT ${SAVEPOINT}` : `RELEASE SAVEPOINT ${SAVEPOINT}`;
        await outer.execute({ name: 'end-savepoint', text: end });
        return result;
      } catch (error) {
        await outer.execute({ name: 'rollback-savepoint', text: `ROLLBACK TO SAVEPOINT ${SAVEPOINT}` }).catch(() => undefined);
        throw error;
      }
    },

    async finish() {
      if (opened === undefined) return;
      await opened.catch(() => undefined);
      release?.();
      await held;
    },
  };
}
