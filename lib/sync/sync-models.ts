import { randomUUID } from 'node:crypto';
import type { IgnoredModel } from '../catalog/types.js';
import type { SqlParameters, SqlSession } from '../db/port.js';
import { MIGRATE } from '../db/sql/migrations.js';
import { deprecationNotices } from './deprecation-notices.js';
import { checkRetirementGuard, guardRefusal } from './guard.js';
import type { GuardInput } from './guard.js';
import { loadCatalog, rowsToSend } from './load-catalog.js';
import type { LoadedCatalog, PlannedModel, RowProblem } from './load-catalog.js';
import type { SyncPlan } from './model-store.js';
import { planSync, reconcileMissingModels, upsertModels } from './model-store.js';
import { NO_RUN_RECORD, recordRun, runEndedError, runRecordWithAudit } from './run-store.js';
import type { LiteMaaSAuditOutcome, RunRequestRecord } from './run-store.js';
import { catalogPolicyOf } from './settings.js';
import type { ResolvedSettings } from './settings.js';
import { buildResult, failureOf, NO_CATALOG } from './sync-result.js';
import type { CatalogSummary, RunContext, RunOutcome } from './sync-result.js';
import type { SyncRequest, SyncResult } from './types.js';
import { emptyChanges } from './types.js';

function startRun(settings: ResolvedSettings, request: SyncRequest): RunContext {
  return {
    runId: request.runId ?? randomUUID(),
    startedAt: new Date(),
    request,
    options: {
      forceUpdate: request.forceUpdate ?? false,
      markUnavailable: request.markUnavailable ?? true,
      dryRun: request.dryRun ?? false,
      force: request.force ?? false,
      ...catalogPolicyOf(settings),
    },
  };
}

/** Who asked for the run and its options, as it is recorded. */
function requestRecordOf(run: RunContext): RunRequestRecord {
  return { requestedBy: run.request.requestedBy, options: run.options };
}

/**
 * The one place a run that writes (or fails) ends: builds its result and records it in `session` —
 * the transaction that made its changes, so that both commit together, or the database itself.
 * Dry runs are not recorded, nor runs that failed because the database is still resuming (it could
 * not take the record either, and trying would wait a second budget). A run with nothing to write
 * was recorded by its plan (`endPlannedRun`).
 */
async function finishRun(session: SqlSession, run: RunContext, outcome: RunOutcome, settings: ResolvedSettings): Promise<SyncResult> {
  const result = buildResult(run, outcome);
  if (run.options.dryRun || outcome.failure?.reason === 'database-resuming') return result;
  const recorded = { ...result, runId: run.runId };
  let audit: LiteMaaSAuditOutcome;
  try {
    audit = await recordRun(session, recorded, recordRequestOf(run, settings));
  } catch (error) {
    // A success that cannot be recorded is rolled back and reported as the failure it is.
    if (outcome.failure === undefined) throw error;
    return result; // the database itself is the failure; the result still says what went wrong
  }
  return withAuditWarning(recorded, audit);
}

/** How a run is recorded: who asked, its options, and whether LiteMaaS's audit row goes with it. */
function recordRequestOf(run: RunContext, settings: ResolvedSettings): RunRequestRecord & { litemaasAudit: boolean } {
  return { ...requestRecordOf(run), litemaasAudit: settings.litemaasAudit };
}

/** A recorded result, with a warning when LiteMaaS's audit log exists but could not be written. */
function withAuditWarning(recorded: SyncResult, audit: LiteMaaSAuditOutcome): SyncResult {
  if (audit !== 'denied') return recorded;
  return { ...recorded, warnings: [...(recorded.warnings ?? []), AUDIT_DENIED_WARNING] };
}

/** Said when LiteMaaS's audit log exists but the sync's database user may not write to it. */
const AUDIT_DENIED_WARNING =
  "LiteMaaS's audit_logs was not written: this database user lacks INSERT on audit_logs. " +
  'GRANT INSERT ON audit_logs TO the sync user, or turn the audit row off (--no-litemaas-audit, SYNC_LITEMAAS_AUDIT=false, context litemaasAudit=false).';

/** The catalog's models less those whose row could not be written. */
function publishedModels(catalog: LoadedCatalog, problems: readonly RowProblem[]): PlannedModel[] {
  if (problems.length === 0) return catalog.models;
  const skipped = new Set(problems.map((problem) => problem.id));
  return catalog.models.filter((model) => !skipped.has(model.id));
}

/**
 * Whether some row must become unavailable or the grace has counts to change. A model whose row
 * could not be written (`unwritable`) counts as absent, as an entry that could not be used: the
 * plan counted it present, so its absence alone is reason enough.
 */
function needsReconciling(plan: SyncPlan, markUnavailable: boolean, unwritable: number): boolean {
  return plan.toPause.length > 0 || (markUnavailable && (plan.missingCount > 0 || plan.trackedCount > 0 || unwritable > 0));
}

function ignoredOf(catalog: Pick<LoadedCatalog, 'ignored'>, pausedNew: string[]): IgnoredModel[] {
  const paused = pausedNew.map((model): IgnoredModel => ({ model, reason: 'paused-new' }));
  return [...catalog.ignored, ...paused].sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
}

/** The catalog as the result reports it; `problems`: published models whose row could not be written. */
function summaryOf(catalog: LoadedCatalog, pausedNew: string[], problems: readonly RowProblem[] = []): CatalogSummary {
  return {
    totalModels: catalog.models.length - problems.length,
    servedModels: catalog.servedModels,
    entryErrors: [...catalog.errors, ...problems.map((problem) => problem.message)],
    ignored: ignoredOf(catalog, pausedNew),
    warnings: catalog.warnings,
  };
}

/**
 * What the plan records if it finds nothing to write: the run as it ends then, with no changes
 * and every paused name listed as never published (the plan takes out the ones that have a row).
 * Nothing for a dry run, nor for a catalog the guard refuses even when nothing is retired.
 */
function recordIfNothingToWrite(run: RunContext, catalog: LoadedCatalog, guard: GuardInput, finishedAt: Date, settings: ResolvedSettings): SqlParameters {
  if (run.options.dryRun || guardRefusal(guard) !== undefined) return NO_RUN_RECORD;
  const result = buildResult(run, { catalog: summaryOf(catalog, catalog.paused), changes: emptyChanges() }, finishedAt);
  return runRecordWithAudit({ ...result, runId: run.runId }, recordRequestOf(run, settings));
}

/** The end of a run with nothing to write, which its plan recorded: its result, as recorded. */
function endPlannedRun(run: RunContext, outcome: Pick<RunOutcome, 'catalog' | 'deprecations'>, finishedAt: Date, plan: SyncPlan<PlannedModel>): SyncResult {
  const result = buildResult(run, { ...outcome, changes: emptyChanges() }, finishedAt);
  if (run.options.dryRun) return result;
  if (plan.recordedRunId === undefined) throw runEndedError(run.runId);
  return withAuditWarning({ ...result, runId: run.runId }, plan.litemaasAudit);
}

/** Inserts, updates, pauses and retires, in the order the guard needs to see them. */
async function writeChanges(
  session: SqlSession,
  settings: ResolvedSettings,
  run: RunContext,
  catalog: LoadedCatalog,
  plan: SyncPlan<PlannedModel>,
  guard: Omit<GuardInput, 'retireCount'>,
  problems: RowProblem[],
): Promise<Pick<RunOutcome, 'changes' | 'updatedColumns'> & { deprecationChanged: Set<string>; published: PlannedModel[] }> {
  const { options } = run;
  const journal = { runId: run.runId, journalRetentionDays: settings.journalRetentionDays };
  const { updatedColumns, deprecationChanged, ...written } = await upsertModels(session, rowsToSend(catalog, plan.toSend, problems), {
    forceUpdate: options.forceUpdate,
    newModelsRestricted: options.newModelsRestricted,
    requestBudgetBytes: settings.requestBudgetBytes,
    ...journal,
  });
  const published = publishedModels(catalog, problems);
  const reconciled =
    needsReconciling(plan, options.markUnavailable, problems.length)
      ? await reconcileMissingModels(session, {
          catalogIds: published.map((model) => model.id),
          paused: plan.toPause,
          markUnavailable: options.markUnavailable,
          retireAfterMissedRuns: options.retireAfterMissedRuns,
          ...journal,
        })
      : { retired: [], paused: [], missing: [] };
  // The table may have changed since the plan, and rows may have turned out unwritable; the guard
  // holds for what really happened.
  checkRetirementGuard({ ...guard, catalogSize: guard.catalogSize - problems.length, retireCount: reconciled.retired.length });
  return { changes: { ...written, ...reconciled }, updatedColumns, deprecationChanged, published };
}

/**
 * Plans the catalog against the table in one round trip, applies the guard, then writes what
 * changed and the run record in one transaction — or, when nothing changed, the plan itself
 * recorded the run: one round trip in all.
 */
async function applyCatalog(settings: ResolvedSettings, run: RunContext, catalog: LoadedCatalog, problems: RowProblem[]): Promise<SyncResult> {
  const { database } = settings;
  const { options } = run;
  const guard = {
    catalogSize: catalog.models.length + catalog.paused.length,
    markUnavailable: options.markUnavailable,
    force: options.force,
    maxRetireFraction: settings.maxRetireFraction,
    catalogNotLoaded: catalog.notLoaded,
    filteredOut: catalog.ignored.filter((model) => model.reason === 'filtered').length,
  };
  // A run with nothing to write ends when its plan, which records it, is sent.
  const finishedAt = new Date();
  const plan = await planSync(database, {
    catalog: catalog.models,
    paused: catalog.paused,
    forceUpdate: options.forceUpdate,
    markUnavailable: options.markUnavailable,
    retireAfterMissedRuns: options.retireAfterMissedRuns,
    recordIfNothingToWrite: recordIfNothingToWrite(run, catalog, { ...guard, availableCount: 0, retireCount: 0 }, finishedAt, settings),
  });
  checkRetirementGuard({ ...guard, availableCount: plan.availableCount, retireCount: plan.retirableCount });

  const clock = { now: run.startedAt, previousAnnouncingRunAt: plan.previousAnnouncingRunAt, warnDays: settings.deprecationWarnDays };
  if (plan.nothingToWrite) {
    const deprecations = deprecationNotices(catalog.models, { ...clock, dateChanged: new Set() });
    return endPlannedRun(run, { catalog: summaryOf(catalog, plan.pausedNew), deprecations }, finishedAt, plan);
  }
  return database.transaction(
    async (session) => {
      problems.length = 0; // a transaction tried again starts over
      const { deprecationChanged, published, ...written } = await writeChanges(session, settings, run, catalog, plan, { ...guard, availableCount: plan.availableCount }, problems);
      const deprecations = deprecationNotices(published, { ...clock, dateChanged: deprecationChanged });
      return finishRun(session, run, { catalog: summaryOf(catalog, plan.pausedNew, problems), ...written, deprecations }, settings);
    },
    { rollbackOnly: options.dryRun },
  );
}

/**
 * One sync (contract §3 and §7), the single code path behind every trigger:
 * fetch `/model/info` → select, map and merge → plan against the table in one round trip → guard →
 * write new, changed, paused and retired rows and the run record in one transaction.
 *
 * Round trips: migrations (if asked) 1, plan 1; then, only when something changes, begin,
 * one upsert per ~3.5 MB of changed rows, one reconciliation of paused and missing models if
 * needed, the record, commit. An unchanged catalog costs the plan alone, which records the run:
 * one round trip at any size (the retirement grace keeps state only while a model is missing).
 */
export async function syncModels(
  settings: ResolvedSettings,
  request: SyncRequest,
  secrets: { litellmApiKey: string },
): Promise<SyncResult> {
  const run = startRun(settings, request);
  let loaded: LoadedCatalog | undefined;
  // Published models whose row could not be written: a run the guard then refuses still says why.
  const problems: RowProblem[] = [];
  try {
    if (request.migrate === true) await settings.database.execute(MIGRATE);
    loaded = await loadCatalog(settings, secrets.litellmApiKey);
    return await applyCatalog(settings, run, loaded, problems);
  } catch (error) {
    // Every write happens in the transaction above, which rolled back, except when the Data API
    // did not confirm its commit: the changes may then be saved, and the error says so.
    const failure = failureOf(error);
    if (failure.reason === 'internal') settings.reportUnexpectedError?.(error);
    const catalog = loaded === undefined ? NO_CATALOG : summaryOf(loaded, [], problems);
    return finishRun(settings.database, run, { catalog, changes: emptyChanges(), failure }, settings);
  }
}
