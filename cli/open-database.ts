import type { DatabaseChoice } from './commands.js';
import { EXIT } from './exit-codes.js';

/** The database could not be opened; says why, and with which exit code to stop. */
export class DatabaseUnavailable extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : 'no reason given';
}

/**
 * The database to use: the given URL, or the embedded PostgreSQL in the per-user data directory.
 * `readOnly` callers may share the embedded server another sync is running.
 */
export async function openDatabase(
  choice: DatabaseChoice,
  access: { readOnly: boolean } = { readOnly: false },
): Promise<{ url: string; stop: () => Promise<void> }> {
  if (choice.databaseUrl !== undefined) return { url: choice.databaseUrl, stop: () => Promise.resolve() };
  // Loaded only when needed: it brings PostgreSQL binaries and installs exit hooks.
  const { LocalPostgresUnusableError, runningServerPid, runningServerUrl, startLocalPostgres } = await import(
    '../local/embedded-postgres.js'
  );
  const { dataDir } = choice;
  const running = access.readOnly ? runningServerUrl(dataDir) : undefined;
  if (running !== undefined) return { url: running, stop: () => Promise.resolve() };
  const holder = runningServerPid(dataDir);
  if (holder !== undefined) {
    throw new DatabaseUnavailable(
      `another sync is running: the embedded PostgreSQL in ${dataDir} is in use (process ${holder}). ` +
        'Try again when it has finished.',
      EXIT.skipped,
    );
  }
  try {
    const server = await startLocalPostgres({ dataDir });
    return { url: server.connectionString, stop: () => server.stop() };
  } catch (error) {
    if (error instanceof LocalPostgresUnusableError) throw new DatabaseUnavailable(error.message, EXIT.usage);
    throw new DatabaseUnavailable(
      `could not start the embedded PostgreSQL in ${dataDir} (${describeError(error)}). ` +
        'Set DATABASE_URL to use another server.',
      EXIT.failed,
    );
  }
}
