/** What the model sync publishes on EventBridge: source, detail-types and detail shapes (docs/events.md). */
import type { SyncResult } from '../sync/types.js';

/** The `source` of every event the model sync publishes. */
export const EVENT_SOURCE = 'litemaas.model-sync';

/** The `detail-type` of each event, exactly as rules match them (docs/events.md). */
export const DETAIL_TYPES = {
  runCompleted: 'Model Sync Run Completed',
  runFailed: 'Model Sync Run Failed',
  added: 'Model Added',
  retired: 'Model Retired',
  restored: 'Model Restored',
  paused: 'Model Paused',
  updated: 'Model Updated',
  deprecationApproaching: 'Model Deprecation Approaching',
  deprecated: 'Model Deprecated',
} as const;

export type DetailType = (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES];

/** The kinds of change a run reports, as the run event's `models` lists them. */
export interface ChangedModelIds {
  added: string[];
  updated: string[];
  retired: string[];
  restored: string[];
  paused: string[];
}

/** `detail` of `Model Sync Run Completed` and `Model Sync Run Failed`. */
export interface RunEventDetail {
  runId: string;
  runPath: string;
  trigger: SyncResult['trigger'];
  requestedBy: string | null;
  status: 'succeeded' | 'failed';
  syncedAt: string;
  durationMs: number;
  counts: {
    total: number;
    added: number;
    updated: number;
    retired: number;
    restored: number;
    paused: number;
    unchanged: number;
  };
  /** Model ids by change; shortened when the event would pass 256 KB (`modelsTruncated`). */
  models: ChangedModelIds;
  /** True when a list in `models` was shortened: `GET runPath` has them all. */
  modelsTruncated: boolean;
  /** How many per-model events this run publishes, and how many the cap left out. */
  modelEvents: { published: number; omitted: number };
  /** Only in `Model Sync Run Failed`: why (a `failureReason`, or `entries` for bad catalog entries). */
  reason?: string;
  /** Only in `Model Sync Run Failed`: the first error messages. */
  errors?: string[];
}

/** `detail` of a per-model event. */
export interface ModelEventDetail {
  modelId: string;
  runId: string;
  runPath: string;
  trigger: SyncResult['trigger'];
  syncedAt: string;
  /** Only in `Model Updated`: the `models` columns the run changed (when the run reported them). */
  changedColumns?: string[];
}

/** `detail` of `Model Deprecation Approaching` and `Model Deprecated`. */
export interface DeprecationEventDetail {
  modelId: string;
  /** `YYYY-MM-DD`: the day the provider stops serving the model. */
  deprecationDate: string;
  /** Whole days from the run to that day; 0 or negative once it has passed. */
  daysUntilDeprecation: number;
  /** The replacement LiteLLM's admin named, or null. */
  successorModel: string | null;
  runId: string;
  runPath: string;
  trigger: SyncResult['trigger'];
  syncedAt: string;
}

/** One event, ready for `PutEvents` (the publisher adds the bus name). */
export interface SyncEvent {
  source: typeof EVENT_SOURCE;
  detailType: DetailType;
  detail: RunEventDetail | ModelEventDetail | DeprecationEventDetail;
}

export interface BuildEventsOptions {
  /** Who asked for the run (IAM ARN, JWT subject, CLI user). */
  requestedBy?: string;
  /** @default DEFAULT_MAX_MODEL_EVENTS */
  maxModelEvents?: number;
  /** @default MAX_ENTRY_BYTES */
  maxEntryBytes?: number;
}
