import type { IgnoredModel } from '../catalog/types.js';
import { DatabaseResumingError, describeFailure } from '../errors.js';
import type { FailureReason } from '../errors.js';
import type { DeprecationNotice } from './deprecation-notices.js';
import { emptyChanges } from './types.js';
import type { CatalogPolicy, SyncChanges, SyncOptions, SyncRequest, SyncResult } from './types.js';

/** What a run was asked to do; fixed when it starts. */
export interface RunContext {
  runId: string;
  startedAt: Date;
  request: SyncRequest;
  /** The request's options with defaults, plus the service's catalog policy: recorded with the run. */
  options: Required<SyncOptions> & CatalogPolicy;
}

/** Why a run failed: a message for people and a reason for exit codes and HTTP statuses. */
interface Failure {
  reason: FailureReason;
  message: string;
  retryAfterSeconds?: number;
}

/** What the catalog held, as far as the run got to read it. */
export interface CatalogSummary {
  totalModels: number;
  servedModels: number;
  entryErrors: string[];
  ignored: IgnoredModel[];
  /** What LiteLLM could not tell this run without it failing (e.g. no `/model/deprecations`). */
  warnings: string[];
}

export const NO_CATALOG: CatalogSummary = { totalModels: 0, servedModels: 0, entryErrors: [], ignored: [], warnings: [] };

/** How a run ended: what it changed (nothing, when it failed) and, if it failed, why. */
export interface RunOutcome {
  catalog: CatalogSummary;
  changes: SyncChanges;
  /** For each updated model, the columns the write changed (from the upsert itself). */
  updatedColumns?: Record<string, string[]>;
  /** Retirements this run announces (each once: lib/sync/deprecation-notices.ts). */
  deprecations?: DeprecationNotice[];
  failure?: Failure;
}

/** The failure a thrown error stands for. */
export function failureOf(error: unknown): Failure {
  const failure: Failure = { ...describeFailure(error) };
  if (error instanceof DatabaseResumingError) failure.retryAfterSeconds = error.retryAfterSeconds;
  return failure;
}

/** The result of a run (contract §4 plus the additive fields) that ends at `finishedAt`. */
export function buildResult(
  run: Pick<RunContext, 'startedAt' | 'request'> & { options: { dryRun: boolean } },
  outcome: RunOutcome,
  finishedAt: Date = new Date(),
): SyncResult {
  const { changes, failure, catalog } = outcome;
  const newModels = changes.added.length;
  const updatedModels = changes.updated.length;
  const errors = failure === undefined ? catalog.entryErrors : [...catalog.entryErrors, failure.message];
  return {
    success: errors.length === 0,
    totalModels: catalog.totalModels,
    servedModels: catalog.servedModels,
    newModels,
    updatedModels,
    // Everything this run took away from users, so that LiteMaaS's own field keeps its meaning.
    unavailableModels: changes.retired.length + changes.paused.length,
    errors,
    syncedAt: run.startedAt.toISOString(),
    trigger: run.request.trigger,
    dryRun: run.options.dryRun,
    skipped: failure?.reason === 'busy',
    restoredModels: changes.restored.length,
    // A run that failed compared nothing it could vouch for: it reports no model as unchanged.
    unchangedModels: failure === undefined ? Math.max(0, catalog.totalModels - newModels - updatedModels) : 0,
    pausedModels: changes.paused.length,
    ignoredModels: catalog.ignored.length,
    ignored: catalog.ignored,
    durationMs: finishedAt.getTime() - run.startedAt.getTime(),
    changes,
    ...(changes.updated.length === 0 ? {} : { updatedColumns: outcome.updatedColumns ?? {} }),
    ...(catalog.warnings.length === 0 ? {} : { warnings: catalog.warnings }),
    // A failed run wrote nothing and announces nothing: the next successful one will.
    ...(failure !== undefined || (outcome.deprecations ?? []).length === 0 ? {} : { deprecations: outcome.deprecations }),
    ...(failure === undefined ? {} : { failureReason: failure.reason }),
    ...(failure?.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds }),
  };
}

/**
 * The result of a sync that never started because another one holds what it needs (e.g. the CLI's
 * embedded server): the same shape as a run that found the sync lock taken.
 */
export function skippedResult(request: SyncRequest, message: string): SyncResult {
  return buildResult(
    { startedAt: new Date(), request, options: { dryRun: request.dryRun ?? false } },
    { catalog: NO_CATALOG, changes: emptyChanges(), failure: { reason: 'busy', message } },
  );
}
