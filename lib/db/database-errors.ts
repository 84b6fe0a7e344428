import type { SyncError } from '../errors.js';
import { DatabaseError, SyncBusyError } from '../errors.js';
import { BUSY_MESSAGE } from './sql/lock.js';
import { MISSING_PRIVILEGE } from './sql/privilege-hint.js';

const MISSING_SCHEMA = /(relation|function) "?[\w.]*"? does not exist|function [\w.]+\([^)]*\) does not exist/i;

/**
 * Turns a database failure message into the error a person can act on. Shared by both adapters,
 * so the same SQL failure reads the same through the Data API and node-postgres.
 */
export function classifyDatabaseFailure(message: string, cause: unknown): SyncError {
  if (message.includes(BUSY_MESSAGE)) return new SyncBusyError();
  if (MISSING_SCHEMA.test(message)) {
    return new DatabaseError(
      'The database has no model-sync schema yet. Run the migrations first ' +
        '(the deploy-time sync does; locally, `npm run sync` does).',
      { cause },
    );
  }
  // Already one line that names the privilege and the GRANT (lib/db/sql/privilege-hint.ts).
  const privilege = message.indexOf(MISSING_PRIVILEGE);
  if (privilege >= 0) {
    return new DatabaseError(message.slice(privilege).split('\n')[0]?.replace(/; SQLState: \w+$/, '').slice(0, 600) ?? '', { cause });
  }
  const firstLine = message.split('\n')[0]?.slice(0, 300) ?? '';
  return new DatabaseError(`The database rejected a sync statement: ${firstLine}`, { cause });
}
