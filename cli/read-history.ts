import { RunHistory } from '../lib/sync/run-history.js';
import type { DatabaseChoice } from './commands.js';
import { readExistingTable } from './read-only-database.js';

/**
 * Opens the database of `runs` and `status` for reading, and hands `read` the run history
 * (lib/sync/run-history.ts), the same code that answers the API's GET routes. Before any sync ran
 * (no `model_sync_runs`), `nothingRecorded` answers, naming the place; nothing is created.
 */
export function readHistory(
  command: DatabaseChoice,
  nothingRecorded: (where: string) => number,
  read: (history: RunHistory) => Promise<number>,
): Promise<number> {
  return readExistingTable(command, 'model_sync_runs', nothingRecorded, (database) => read(new RunHistory(database)));
}
