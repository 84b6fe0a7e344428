import { changedModelIds } from '../events/build-events.js';
import { errorsForReaders, shortCaller } from './reader-view.js';
import type { SyncResult } from './types.js';

/** The action and resource type LiteMaaS's Admin → Audit Log page labels "Models Refreshed" (contract §8). */
export const LITEMAAS_AUDIT_ACTION = 'MODELS_REFRESH';
export const LITEMAAS_AUDIT_RESOURCE_TYPE = 'MODEL';

/** Most model ids of each kind one audit row lists; the run (`GET /sync/runs/{id}`) has them all. */
export const MAX_AUDIT_MODEL_IDS = 50;
const MAX_AUDIT_ERROR_LENGTH = 1_000;

/** The row a run writes to LiteMaaS's `audit_logs` (by `model_sync_write_litemaas_audit`). */
export interface LiteMaaSAuditEntry {
  action: typeof LITEMAAS_AUDIT_ACTION;
  resourceType: typeof LITEMAAS_AUDIT_RESOURCE_TYPE;
  /** The LiteMaaS `users.id` of the admin who started the run from LiteMaaS (token mode), else null. */
  userId: string | null;
  success: boolean;
  errorMessage: string | null;
  metadata: Record<string, unknown>;
}

/** The LiteMaaS user behind `litemaas:<userId>` (the token authorizer's caller form). */
function litemaasUserOf(requestedBy: string | undefined): string | null {
  const match = /^litemaas:(.+)$/.exec(requestedBy ?? '');
  return match?.[1] ?? null;
}

/**
 * The audit row a recorded run writes, or null: a run that changed nothing and did not fail writes
 * none (no row every hour), and neither does a dry or skipped run. Readers' rules apply: the short
 * caller form, and no database or internal error text (LiteMaaS admins read this table).
 */
export function litemaasAuditEntry(result: SyncResult & { runId: string }, requestedBy: string | undefined): LiteMaaSAuditEntry | null {
  if (result.dryRun || result.skipped) return null;
  const ids = changedModelIds(result);
  const lists = Object.entries(ids) as [string, string[]][];
  const changed = lists.some(([, list]) => list.length > 0);
  if (result.success && !changed) return null;
  const [firstError] = errorsForReaders(result.failureReason, result.errors, result.runId);
  const truncated = lists.some(([, list]) => list.length > MAX_AUDIT_MODEL_IDS);
  return {
    action: LITEMAAS_AUDIT_ACTION,
    resourceType: LITEMAAS_AUDIT_RESOURCE_TYPE,
    userId: litemaasUserOf(requestedBy),
    success: result.success,
    errorMessage: result.success || firstError === undefined ? null : firstError.slice(0, MAX_AUDIT_ERROR_LENGTH),
    metadata: {
      source: 'litemaas-model-sync',
      runId: result.runId,
      trigger: result.trigger,
      requestedBy: requestedBy === undefined ? null : shortCaller(requestedBy),
      // LiteMaaS's own refresh writes this key; its page shows it.
      modelsCount: result.totalModels,
      counts: {
        added: ids.added.length,
        updated: ids.updated.length,
        retired: ids.retired.length,
        restored: ids.restored.length,
        paused: ids.paused.length,
      },
      models: Object.fromEntries(lists.map(([kind, list]) => [kind, list.slice(0, MAX_AUDIT_MODEL_IDS)])),
      modelsTruncated: truncated,
      ...(result.success ? {} : { failureReason: result.failureReason ?? 'entries', errorCount: result.errors.length }),
    },
  };
}
