import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createPostgresDatabase } from '../lib/db/postgres/database.js';
import { SyncError } from '../lib/errors.js';
import type { DatabasePort } from '../lib/db/port.js';
import type { DatabaseChoice } from './commands.js';
import { EXIT } from './exit-codes.js';
import { DatabaseUnavailable, openDatabase } from './open-database.js';
import { printProblem } from './output.js';

/** Whether a table exists: before the first sync, ours do not (and LiteMaaS's `models` may not). */
const HAS_TABLE = {
  name: 'has-table',
  text: `SELECT to_regclass(:table::text) IS NOT NULL AS present`,
};

/**
 * Opens the database of a read-only command (`runs`, `status`, `models`) and hands `read` the
 * database once `table` exists. It never creates anything: a data directory without a cluster,
 * or a database without `table`, is answered by `nothingRecorded` (which names the place). A
 * database that cannot be opened, or a statement that fails, is one line and its exit code.
 */
export async function readExistingTable(
  command: DatabaseChoice,
  table: string,
  nothingRecorded: (where: string) => number,
  read: (database: DatabasePort) => Promise<number>,
): Promise<number> {
  // An embedded data directory without a cluster holds nothing: say so without running initdb.
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
    const [found] = await database.execute(HAS_TABLE, { table });
    if (found?.present !== true) return nothingRecorded('this database');
    return await read(database);
  } catch (error) {
    if (!(error instanceof SyncError)) throw error;
    printProblem(error.message);
    return EXIT.failed;
  } finally {
    await database.close();
    await target.stop();
  }
}
