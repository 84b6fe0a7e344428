import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import type { RDSDataClient } from '@aws-sdk/client-rds-data';
import { DatabaseError, DatabaseResumingError, SyncError } from '../../errors.js';
import type { SqlSession, TransactionOptions } from '../port.js';
import { errorName } from './errors.js';

/** The cluster, secret and database every Data API request names. */
export interface DataApiRequestBase {
  resourceArn: string;
  secretArn: string;
  database: string;
}

type Call = <T>(send: () => Promise<T>) => Promise<T>;

/**
 * Commits. A failure here may come after the commit took effect (a lost answer the SDK retried
 * into "transaction not found"), so it must not be reported as "nothing was changed".
 */
async function commit(client: RDSDataClient, base: DataApiRequestBase, transactionId: string, call: Call): Promise<void> {
  try {
    await call(() => client.send(new CommitTransactionCommand({ ...base, transactionId })));
  } catch (error) {
    if (error instanceof DatabaseResumingError) throw error;
    const cause = error instanceof SyncError ? error.cause : error;
    throw new DatabaseError(
      `The database did not confirm the commit (${errorName(cause)}); the changes may or may not ` +
        'be saved. Run the sync again: it writes whatever is still missing.',
      { cause: error },
    );
  }
}

/**
 * One Data API transaction from begin to commit (or rollback when `work` throws or the options ask
 * for it). `session(transactionId)` runs statements inside it.
 */
export async function runDataApiTransaction<T>(
  client: RDSDataClient,
  base: DataApiRequestBase,
  call: Call,
  session: (transactionId: string) => SqlSession,
  work: (session: SqlSession) => Promise<T>,
  options: TransactionOptions,
): Promise<T> {
  const { transactionId } = await call(() => client.send(new BeginTransactionCommand(base)));
  if (transactionId === undefined) throw new DatabaseError('The Data API started no transaction.');
  try {
    const result = await work(session(transactionId));
    if (options.rollbackOnly === true) {
      await call(() => client.send(new RollbackTransactionCommand({ ...base, transactionId })));
    } else {
      await commit(client, base, transactionId, call);
    }
    return result;
  } catch (error) {
    try {
      await client.send(new RollbackTransactionCommand({ ...base, transactionId }));
    } catch {
      // Already gone: expired or aborted, which rolled it back anyway.
    }
    // Statement failures were already translated by execute(); anything else passes unchanged.
    throw error;
  }
}
