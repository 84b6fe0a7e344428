import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createPostgresDatabase } from '../lib/db/postgres/database.js';
import { SyncError } from '../lib/errors.js';
import { RunHistory } from '../lib/sync/run-history.js';
import type { DatabaseChoice } from './commands.js';
import { EXIT } from './exit-codes.js';
import { DatabaseUnavailable, openDatabase } from './open-database.js';
import { printProblem } from './output.js';

/** Whether any sync ever ran here: before the first one, the tables do not exist. */
const HAS_RUN_TABLE = {
  name: 'has-run-table',
  text: `SELECT to_regclass('model_sync_runs') IS NOT NULL AS present`,
};

/**
 * Opens the database of `runs` and `status` for reading, and hands `read` the run history
 * (lib/sync/run-history.ts), the same code that answers the API's GET routes. It never creates anything: a data directory without
 * a cluster, or a database without the sync's tables, is answered by `nothingRecorded` (which
 * names the place). A database that cannot be opened, or a statement that fails, is one line and
 * its exit code.
 */
export async function readHistory(
  command: DatabaseChoice,
  nothingRecorded: (where: string) => number,
  read: (history: RunHistory) => Promise<number>,
): Promise<number> {
  // An embedded data directory without a cluster holds no runs: say so without running initdb.
  if (command.databaseUrl === undefined && !existsSync(join(command.dataDir, 'PG_VERSION'))) {
    return nothingRecorded(`the embedded database in ${command.dataDir}`);
  }
  let target;
  try {
    target = await openDatabase(command, { readOnly: true });
  } catch (error) {
    if (!(error instanceof DatabaseUnavailable)) throw error;
    printProblem(error.message);
    return error.exitCode;
  }
  const database = createPostgresDatabase(target.url);
  try {
    const [table] = await database.execute(HAS_RUN_TABLE);
    if (table?.present !== true) return nothingRecorded('this database');
    return await read(new RunHistory(database));
  } catch (error) {
    if (!(error instanceof SyncError)) throw error;
    printProblem(error.message);
    return EXIT.failed;
  } finally {
    await database.close();
    await target.stop();
  }
}
