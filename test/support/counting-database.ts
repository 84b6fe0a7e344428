import type { DatabasePort, SqlSession } from '../../lib/db/port.js';

/** A database port that counts its round trips as the Data API would see them. */
export interface CountingDatabase extends DatabasePort {
  /** Statements, plus two per transaction (BeginTransaction and Commit/RollbackTransaction). */
  roundTrips: number;
  /** The names of the statements run, in order. */
  statements: string[];
}

/**
 * Wraps a port so that a test can state a sync's cost in round trips: every statement is one, and
 * a transaction adds two more, as over the RDS Data API.
 *
 * @example
 * const counted = countRoundTrips(db.database);
 * await createSyncService({ database: counted, litellmUrl }).syncModels(…);
 * expect(counted.roundTrips).toBe(1);
 */
export function countRoundTrips(database: DatabasePort): CountingDatabase {
  const counted = (session: SqlSession): SqlSession => ({
    execute: (statement, parameters) => {
      counter.roundTrips += 1;
      counter.statements.push(statement.name);
      return session.execute(statement, parameters);
    },
  });
  const counter: CountingDatabase = {
    roundTrips: 0,
    statements: [],
    execute: (statement, parameters) => counted(database).execute(statement, parameters),
    transaction: (work, options) => {
      counter.roundTrips += 2;
      return database.transaction((session) => work(counted(session)), options);
    },
  };
  return counter;
}
