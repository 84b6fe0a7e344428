import type { IgnoredModel } from '../catalog/types.js';
import type { FailureReason } from '../errors.js';
import type { DeprecationNotice } from './deprecation-notices.js';

export type { IgnoredModel, IgnoredReason } from '../catalog/types.js';

/** What started a sync. */
export type SyncTrigger = 'schedule' | 'manual' | 'deploy' | 'cli';
export const SYNC_TRIGGERS: readonly SyncTrigger[] = ['schedule', 'manual', 'deploy', 'cli'];

/** The knobs of one sync (contract §3). */
export interface SyncOptions {
  /** Rewrite every present row even when unchanged. @default false */
  forceUpdate?: boolean;
  /** Retire available models that LiteLLM no longer lists. @default true */
  markUnavailable?: boolean;
  /** Compute the exact outcome, change nothing, record nothing. @default false */
  dryRun?: boolean;
  /** Override the mass-retirement guard. @default false */
  force?: boolean;
}

export interface SyncRequest extends SyncOptions {
  trigger: SyncTrigger;
  /** Who asked: an IAM ARN, a JWT subject, a CLI user. */
  requestedBy?: string;
  /** Apply the schema migrations first, under the same lock. @default false */
  migrate?: boolean;
  /** Id of a run already recorded as `running` (see `startRun`), which this sync completes. */
  runId?: string;
}

/**
 * What the operator lets the portal publish (contract §7). Set once per service, like the guard's
 * fraction, and recorded with every run next to its options.
 */
export interface CatalogPolicy {
  /** Publish team-only (BYOK) models too. @default false */
  includeTeamModels: boolean;
  /** Only names matching one of these globs (`*` any run, `?` one character). @default [] = all */
  includeModels: string[];
  /** Never names matching one of these globs; wins over `includeModels`. @default [] */
  excludeModels: string[];
  /** Insert new rows with `restricted_access = true`. @default false */
  newModelsRestricted: boolean;
  /** Retire a model only once it was missing from this many successive completed runs. @default 1 */
  retireAfterMissedRuns: number;
}

/** Model ids touched by a run. `updated` includes the `restored` ones. */
export interface SyncChanges {
  added: string[];
  updated: string[];
  retired: string[];
  restored: string[];
  /** Paused in LiteLLM: made unavailable by this run. */
  paused: string[];
  /** Missing from LiteLLM but not yet retired: still within the retirement grace. */
  missing: string[];
}


/**
 * The result of one sync: LiteMaaS's own shape (the first seven fields, contract §4) plus
 * additive fields.
 */
export interface SyncResult {
  success: boolean;
  /** Distinct model names the catalog publishes (paused and ignored names are not counted). */
  totalModels: number;
  newModels: number;
  /**
   * Distinct model names LiteLLM served: the published ones plus the paused, ignored and skipped
   * ones. Additive, so `totalModels` keeps LiteMaaS's meaning; every result the sync builds has it.
   */
  servedModels?: number;
  updatedModels: number;
  /** Rows this run made unavailable: retired plus paused. */
  unavailableModels: number;
  errors: string[];
  syncedAt: string;
  /** Id of the recorded run; absent for dry runs and when the database could not record it. */
  runId?: string;
  trigger: SyncTrigger;
  dryRun: boolean;
  skipped: boolean;
  restoredModels: number;
  unchangedModels: number;
  /** Rows this run made unavailable because every deployment of the model is paused in LiteLLM. */
  pausedModels: number;
  /** LiteLLM entries deliberately left out; `ignored` says which and why. */
  ignoredModels: number;
  ignored: IgnoredModel[];
  durationMs: number;
  changes: SyncChanges;
  /**
   * For each updated (or restored) model, the names of the `models` columns the run changed;
   * empty for a rewrite that changed nothing (`forceUpdate`). Absent when nothing was updated.
   */
  updatedColumns?: Record<string, string[]>;
  /** What LiteLLM could not tell without failing the run (e.g. a proxy without `/model/deprecations`). */
  warnings?: string[];
  /**
   * Provider retirements this run announces, each once: a date that has just passed, or that has just
   * come within `deprecationWarnDays`. Absent when none (docs/events.md).
   */
  deprecations?: DeprecationNotice[];
  /** Why the run failed, for exit codes and HTTP statuses; absent on success. */
  failureReason?: FailureReason;
  /** With `failureReason: 'database-resuming'`: when to try again. */
  retryAfterSeconds?: number;
}

/**
 * The updated models that were neither restored nor paused: `changes.updated` also lists those,
 * whose own lists say more. What reports and change events call "updated".
 */
export function updatedOnly(changes: SyncChanges): string[] {
  const special = new Set([...changes.restored, ...changes.paused]);
  return changes.updated.filter((id) => !special.has(id));
}

/**
 * The columns an updated model changed, as reports and `Model Updated` events name them: for the
 * ids of `updatedOnly`; empty for a rewrite that changed nothing (`forceUpdate`).
 */
export function changedColumnsOf(result: SyncResult, modelId: string): string[] | undefined {
  return result.updatedColumns?.[modelId];
}

export function emptyChanges(): SyncChanges {
  return { added: [], updated: [], retired: [], restored: [], paused: [], missing: [] };
}

/** A run's outcome in one word, as the run history, logs and metrics name it. */
export type RunStatus = 'succeeded' | 'failed' | 'skipped';

export function runStatusOf(result: SyncResult): RunStatus {
  if (result.skipped) return 'skipped';
  return result.success ? 'succeeded' : 'failed';
}

/** The model counts of a result, as they are logged and recorded. */
export type SyncCounts = Pick<
  SyncResult,
  | 'totalModels'
  | 'newModels'
  | 'updatedModels'
  | 'unavailableModels'
  | 'restoredModels'
  | 'unchangedModels'
  | 'pausedModels'
  | 'ignoredModels'
>;

export function countsOf(result: SyncResult): SyncCounts {
  return {
    totalModels: result.totalModels,
    newModels: result.newModels,
    updatedModels: result.updatedModels,
    unavailableModels: result.unavailableModels,
    restoredModels: result.restoredModels,
    unchangedModels: result.unchangedModels,
    pausedModels: result.pausedModels,
    ignoredModels: result.ignoredModels,
  };
}
