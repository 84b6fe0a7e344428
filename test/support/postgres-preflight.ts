/**
 * vitest globalSetup: checks once, before any test file starts, that the embedded PostgreSQL can
 * run here (as root: a "postgres" user, binaries and data directories it can reach), and readies
 * its binaries. When it cannot, the run stops at once with the one line that says what to do,
 * instead of every integration file failing the same way minutes later.
 */
import { tmpdir } from 'node:os';
import { LocalPostgresUnusableError, prepareLocalPostgres } from '../../local/embedded-postgres.js';

export default async function checkLocalPostgres(): Promise<void> {
  try {
    // The tests' servers keep their data in fresh directories there (test/support/postgres.ts).
    await prepareLocalPostgres(tmpdir(), 'set TMPDIR to a directory other users can enter');
  } catch (error) {
    if (!(error instanceof LocalPostgresUnusableError)) throw error;
    console.error(`The tests cannot run: ${error.message}`);
    process.exit(1);
  }
}
