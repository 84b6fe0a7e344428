import { randomUUID } from 'node:crypto';
import { buildCatalog } from '../catalog/build-catalog.js';
import type { Catalog } from '../catalog/types.js';
import type { DatabasePort } from '../db/port.js';
import { MIGRATE } from '../db/sql/migrations.js';
import { DatabaseResumingError, describeFailure } from '../errors.js';
import type { FailureReason } from '../errors.js';
import type { LiteLLMRetryPolicy } from '../litellm/client.js';
import { fetchModelInfo } from '../litellm/client.js';
import { fingerprintRow } from './fingerprint.js';
import { checkRetirementGuard } from './guard.js';
import type { FingerprintedRow } from './model-store.js';
import { planSync, retireMissingModels, upsertModels } from './model-store.js';
import { recordRun } from './run-store.js';
import type { SyncChanges, SyncOptions, SyncRequest, SyncResult } from './types.js';
import { emptyChanges } from './types.js';

/** Everything a sync needs besides the request; built once per process or Lambda container. */
export interface SyncDependencies {
  database: DatabasePort;
  litellmUrl: string;
  litellmRetry: LiteLLMRetryPolicy;
  /** @default 0.5 */
  maxRetireFraction: number;
  /** Largest request sent to the database; below the Data API's 4 MiB. */
  requestBudgetBytes: number;
  /** Told about failures that are not ours to explain (bugs), with full detail, for the logs. */
  reportUnexpectedError?: (error: unknown) => void;
}

/** Why a run failed: a message for people and a reason for exit codes and HTTP statuses. */
interface Failure {
  reason: FailureReason;
  message: string;
  retryAfterSeconds?: number;
}

interface Outcome {
  totalModels: number;
  entryErrors: string[];
  changes: SyncChanges;
  updatedColumns: Record<string, string[]>;
}

function resolvedOptions(request: SyncRequest): Required<SyncOptions> {
  return {
    forceUpdate: request.forceUpdate ?? false,
    markUnavailable: request.markUnavailable ?? true,
    dryRun: request.dryRun ?? false,
    force: request.force ?? false,
  };
}

function buildResult(
  request: SyncRequest,
  options: Required<SyncOptions>,
  startedAt: Date,
  outcome: Outcome,
  failure?: Failure,
): SyncResult {
  const { changes } = outcome;
  const newModels = changes.added.length;
  const updatedModels = changes.updated.length;
  const errors = failure === undefined ? outcome.entryErrors : [...outcome.entryErrors, failure.message];
  return {
    success: errors.length === 0,
    totalModels: outcome.totalModels,
    newModels,
    updatedModels,
    unavailableModels: changes.retired.length,
    errors,
    syncedAt: startedAt.toISOString(),
    trigger: request.trigger,
    dryRun: options.dryRun,
    skipped: failure?.reason === 'busy',
    restoredModels: changes.restored.length,
    // A run that failed compared nothing it could vouch for: it reports no model as unchanged.
    unchangedModels: failure === undefined ? Math.max(0, outcome.totalModels - newModels - updatedModels) : 0,
    durationMs: Date.now() - startedAt.getTime(),
    changes,
    ...(changes.updated.length === 0 ? {} : { updatedColumns: outcome.updatedColumns }),
    ...(failure === undefined ? {} : { failureReason: failure.reason }),
    ...(failure?.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds }),
  };
}

/**
 * Fetches and maps the catalog. A function of its own so that the raw entries can be collected as
 * soon as they are mapped: a 10,000-model answer should not stay in memory through the writes.
 */
async function loadCatalog(
  dependencies: SyncDependencies,
  litellmApiKey: string,
): Promise<Catalog & { notLoaded: boolean }> {
  const answer = await fetchModelInfo(
    { baseUrl: dependencies.litellmUrl, apiKey: litellmApiKey },
    dependencies.litellmRetry,
  );
  return { ...buildCatalog(answer.entries), notLoaded: answer.notLoaded };
}

/**
 * One sync (contract §3), the single code path behind every trigger:
 * fetch `/model/info` → map and merge → plan against the table in one round trip → guard →
 * write new, changed and retired rows and the run record in one transaction.
 *
 * Round trips: migrations (if asked) 1, plan 1; then, only when something changes, begin,
 * one upsert per ~3.5 MB of changed rows, one retirement if needed, the record, commit.
 * An unchanged catalog costs the plan and the record: two round trips at any size.
 */
export async function syncModels(
  dependencies: SyncDependencies,
  request: SyncRequest,
  secrets: { litellmApiKey: string },
): Promise<SyncResult> {
  const startedAt = new Date();
  const options = resolvedOptions(request);
  const runId = request.runId ?? randomUUID();
  const { database } = dependencies;
  const outcome: Outcome = { totalModels: 0, entryErrors: [], changes: emptyChanges(), updatedColumns: {} };
  const recordContext = { requestedBy: request.requestedBy, options };
  let recordedInTransaction = false;

  const finish = (failure?: Failure): SyncResult =>
    buildResult(request, options, startedAt, outcome, failure);

  try {
    if (request.migrate === true) await database.execute(MIGRATE);

    const catalog = await loadCatalog(dependencies, secrets.litellmApiKey);
    outcome.totalModels = catalog.rows.length;
    outcome.entryErrors = catalog.errors;
    const fingerprinted: FingerprintedRow[] = catalog.rows.map((row) => ({ row, fingerprint: fingerprintRow(row) }));

    const plan = await planSync(database, fingerprinted, options.forceUpdate);
    const guardInput = {
      catalogSize: catalog.rows.length,
      availableCount: plan.availableCount,
      markUnavailable: options.markUnavailable,
      force: options.force,
      maxRetireFraction: dependencies.maxRetireFraction,
      catalogNotLoaded: catalog.notLoaded,
    };
    checkRetirementGuard({ ...guardInput, retireCount: plan.retirableCount });

    const mustRetire = options.markUnavailable && plan.retirableCount > 0;
    if (plan.rowsToSend.length > 0 || mustRetire) {
      outcome.changes = await database.transaction(
        async (session) => {
          const { updatedColumns, ...written } = await upsertModels(
            session,
            plan.rowsToSend,
            options.forceUpdate,
            dependencies.requestBudgetBytes,
          );
          const retired = mustRetire
            ? await retireMissingModels(session, catalog.rows.map((row) => row.id))
            : [];
          // The table may have changed since the plan; the guard holds for what really happened.
          checkRetirementGuard({ ...guardInput, retireCount: retired.length });
          const changes = { ...written, retired };
          outcome.updatedColumns = updatedColumns;
          if (!options.dryRun) {
            outcome.changes = changes;
            await recordRun(session, { ...finish(), runId }, recordContext);
            recordedInTransaction = true;
          }
          return changes;
        },
        { rollbackOnly: options.dryRun },
      );
    }
    const result = finish();
    if (options.dryRun) return result;
    if (!recordedInTransaction) {
      await recordRun(database, { ...result, runId }, recordContext);
    }
    return { ...result, runId };
  } catch (error) {
    // Nothing was committed: every write happens in the transaction above, which rolled back.
    outcome.changes = emptyChanges();
    outcome.updatedColumns = {};
    const failure: Failure = { ...describeFailure(error) };
    if (error instanceof DatabaseResumingError) failure.retryAfterSeconds = error.retryAfterSeconds;
    if (failure.reason === 'internal') dependencies.reportUnexpectedError?.(error);
    const result = finish(failure);
    // A database still resuming cannot take the record either; trying would wait a second budget.
    if (options.dryRun || failure.reason === 'database-resuming') return result;
    try {
      await recordRun(database, { ...result, runId }, recordContext);
      return { ...result, runId };
    } catch {
      return result; // the database itself is the failure; the result still says what went wrong
    }
  }
}

