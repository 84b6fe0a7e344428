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
import type { LocalPostgres } from '../lib/local/embedded-postgres.js';
import { parseCliArguments, USAGE } from './arguments.js';
import type { CliArguments } from './arguments.js';
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

async function runSync(args: CliArguments, settings: CliSettings): Promise<SyncResult> {
  let embedded: LocalPostgres | undefined;
  let databaseUrl = args.databaseUrl;
  if (databaseUrl === undefined) {
    // Loaded only when needed: it brings PostgreSQL binaries and installs exit hooks.
    const { startLocalPostgres } = await import('../lib/local/embedded-postgres.js');
    embedded = await startLocalPostgres({ dataDir: join(process.cwd(), '.data', 'postgres') });
    databaseUrl = embedded.connectionString;
  }
  const database = createPostgresDatabase(databaseUrl);
  try {
    const service = createSyncService({
      database,
      litellmUrl: args.litellmUrl,
      ...settings,
      reportUnexpectedError: (error) => console.error(error),
    });
    return await service.syncModels(
      { ...args.options, trigger: 'cli', requestedBy: requester(), migrate: true },
      { litellmApiKey: args.litellmApiKey },
    );
  } finally {
    await database.close();
    await embedded?.stop();
  }
}

/** The CLI: parse, sync, report; returns the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
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
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`litemaas-model-sync: could not start the embedded PostgreSQL (${reason}). Set DATABASE_URL to use another server.`);
    return EXIT.failed;
  }
  if (args.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(formatResult(result));
    for (const error of result.errors) console.error(`litemaas-model-sync: ${error}`);
  }
  return exitCodeOf(result);
}

// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with code 0.
process.exit(await main(process.argv.slice(2), process.env));
