import { userInfo } from 'node:os';
import { readAdminVisibility, readLiteLLMRetryPolicy, readMaxRetireFraction } from '../lib/config.js';
import { createPostgresDatabase } from '../lib/db/postgres/database.js';
import { createSyncService } from '../lib/sync/service.js';
import { skippedResult } from '../lib/sync/sync-result.js';
import type { SyncResult } from '../lib/sync/types.js';
import type { Environment } from '../lib/config.js';
import { DEFAULT_CATALOG_POLICY } from '../lib/sync/settings.js';
import type { SyncCommand } from './commands.js';
import { rolledBackDatabase } from './dry-run-database.js';
import { eventsOf, formatEvents } from './events-output.js';
import { EXIT } from './exit-codes.js';
import { DatabaseUnavailable, openDatabase } from './open-database.js';
import { printBug, printJson, printProblem, printResult } from './output.js';
import { showsProgress, SyncProgress } from './progress.js';
import { formatResult } from './report.js';

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

/** LiteLLM's host for a progress note: never the path, query or any credentials in the URL. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}

/** One sync from the command line: open the database, sync, print the result; the exit code. */
export async function runSync(command: SyncCommand, env: Environment): Promise<number> {
  const progress = new SyncProgress(
    hostOf(command.litellmUrl),
    showsProgress({ stdoutIsTTY: process.stdout.isTTY === true, stderrIsTTY: process.stderr.isTTY === true, json: command.json }),
  );
  const settings = {
    maxRetireFraction: readMaxRetireFraction(env),
    litellmRetry: progress.watch(readLiteLLMRetryPolicy(env)),
    ...readAdminVisibility(env),
  };
  let target;
  try {
    target = await openDatabase(command);
  } catch (error) {
    if (!(error instanceof DatabaseUnavailable)) throw error;
    if (command.json && error.exitCode === EXIT.skipped) printJson(skippedResult({ trigger: 'cli', dryRun: command.options.dryRun }, error.message));
    printProblem(error.message);
    return error.exitCode;
  }
  const database = createPostgresDatabase(target.url);
  // A dry run works in a transaction that is never committed, migration included.
  const dryRun = command.options.dryRun ? rolledBackDatabase(database) : undefined;
  let result: SyncResult;
  try {
    const service = createSyncService({
      database: progress.observe(dryRun ?? database),
      litellmUrl: command.litellmUrl,
      litellmMaxResponseBytes: command.litellmMaxResponseBytes,
      ...command.catalog,
      ...settings,
      ...(command.litemaasAudit === false ? { litemaasAudit: false } : {}),
      reportUnexpectedError: printBug,
    });
    result = await service.syncModels(
      { ...command.options, trigger: 'cli', requestedBy: requester(), migrate: dryRun === undefined },
      { litellmApiKey: command.litellmApiKey },
    );
  } finally {
    progress.stop();
    await dryRun?.finish();
    await database.close();
    await target.stop();
  }
  // The events the Lambda functions would publish for this run, built by the same function.
  const events = command.events ? eventsOf(result, requester()) : undefined;
  if (command.json) printJson(events === undefined ? result : { ...result, events });
  else {
    const retireAfterMissedRuns = command.catalog.retireAfterMissedRuns ?? DEFAULT_CATALOG_POLICY.retireAfterMissedRuns;
    printResult(formatResult(result, progress.stages, retireAfterMissedRuns));
    if (events !== undefined) printResult(formatEvents(events, result.dryRun));
  }
  // With --json too: a script reads stdout, the person or log behind it reads why on stderr.
  for (const error of result.errors) printProblem(error);
  return exitCodeOf(result);
}
