import type pg from 'pg';
import type { SqlSession, TransactionOptions } from '../port.js';
import type { ConnectionTarget } from './errors.js';
import { runStatement } from './statement.js';

/**
 * One transaction on a checked-out client, from BEGIN to COMMIT (or ROLLBACK when `work` throws or
 * the options ask for it); releases the client, discarding it when the rollback itself failed.
 */
export async function runPostgresTransaction<T>(
  client: pg.PoolClient,
  target: ConnectionTarget,
  work: (session: SqlSession) => Promise<T>,
  options: TransactionOptions,
): Promise<T> {
  const session: SqlSession = {
    execute: (statement, parameters = {}) => runStatement(client, statement, parameters, target),
  };
  // The pool stops listening while a client is checked out: a server that goes away between
  // statements would crash the process. The next statement reports it instead.
  const noticeLostConnection = (): void => undefined;
  client.on('error', noticeLostConnection);
  let broken = false;
  try {
    await session.execute({ name: 'begin', text: 'BEGIN' });
    const result = await work(session);
    const finish = options.rollbackOnly === true ? 'ROLLBACK' : 'COMMIT';
    await session.execute({ name: finish.toLowerCase(), text: finish });
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    // Statement failures were already translated by runStatement(); anything else passes unchanged.
    throw error;
  } finally {
    client.off('error', noticeLostConnection);
    client.release(broken);
  }
}
