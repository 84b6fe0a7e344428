import type { DatabasePort, SqlSession, SqlStatement } from '../../lib/db/port.js';

/**
 * One step of a sync as the database sees it: a statement, or the start or end of the
 * transaction (`begin`, `commit` — the moment the work is done and the commit is about to be sent).
 */
export interface SyncStep {
  /** 1-based position in the run. */
  index: number;
  name: string;
  inTransaction: boolean;
}

/** Called before each step, with the session the step would run on; may throw or do anything. */
export type StepHook = (step: SyncStep, session: SqlSession) => Promise<void> | void;

export interface FaultyDatabase extends DatabasePort {
  /** The steps seen so far. */
  readonly steps: SyncStep[];
}

/** Wraps a port so that a hook runs before every statement and transaction boundary. */
export function wrapDatabase(inner: DatabasePort, hook: StepHook): FaultyDatabase {
  const steps: SyncStep[] = [];
  const step = async (name: string, inTransaction: boolean, session: SqlSession): Promise<void> => {
    const current = { index: steps.length + 1, name, inTransaction };
    steps.push(current);
    await hook(current, session);
  };
  const wrapSession = (session: SqlSession, inTransaction: boolean): SqlSession => ({
    async execute(statement: SqlStatement, parameters) {
      await step(statement.name, inTransaction, session);
      return session.execute(statement, parameters);
    },
  });
  const outside = wrapSession(inner, false);
  return {
    steps,
    execute: (statement, parameters) => outside.execute(statement, parameters),
    async transaction(work, options) {
      await step('begin', false, inner);
      return inner.transaction(async (session) => {
        const result = await work(wrapSession(session, true));
        await step('commit', true, session);
        return result;
      }, options);
    },
  };
}

/** A statement PostgreSQL rejects, naming the step, so the failure goes through the real adapter. */
export function failingStatement(step: SyncStep): SqlStatement {
  return {
    name: 'injected-fault',
    text: `DO $fault$ BEGIN RAISE EXCEPTION 'injected fault before step ${step.index} (${step.name})'; END $fault$`,
  };
}
