import { errorsForReaders, shortCaller } from '../sync/reader-view.js';
import { changedColumnsOf, updatedOnly } from '../sync/types.js';
import type { SyncResult } from '../sync/types.js';
import { DETAIL_TYPES, EVENT_SOURCE } from './event-shapes.js';
import type { BuildEventsOptions, ChangedModelIds, DetailType, RunEventDetail, SyncEvent } from './event-shapes.js';

/** EventBridge's limit for one `PutEvents` entry (the whole entry, not only the detail). */
export const MAX_ENTRY_BYTES = 256 * 1024;

/**
 * Most per-model events one run publishes. A 10,000-model first sync would otherwise need 1,000
 * `PutEvents` calls; past the cap the run event (which always goes out) still names every model
 * it can fit and says how many model events were left out.
 */
export const DEFAULT_MAX_MODEL_EVENTS = 100;

/** Most error messages a `Model Sync Run Failed` event carries; the run record has the rest. */
const MAX_EVENT_ERRORS = 10;
const MAX_ERROR_LENGTH = 1_000;

/** The run's path on the sync API, which `GET` answers with the whole run record. */
export function runPath(runId: string): string {
  return `/sync/runs/${runId}`;
}

/** The ids a result changed, by kind, each model under one kind only (restored is not updated). */
export function changedModelIds(result: SyncResult): ChangedModelIds {
  const { changes } = result;
  return { added: changes.added, updated: updatedOnly(changes), retired: changes.retired, restored: changes.restored, paused: changes.paused };
}

/** Bytes EventBridge counts for an entry: source, detail-type, detail and the time stamp. */
export function entryBytes(event: SyncEvent): number {
  return (
    Buffer.byteLength(event.source) +
    Buffer.byteLength(event.detailType) +
    Buffer.byteLength(JSON.stringify(event.detail)) +
    // `Time` is set by EventBridge (14 bytes in its count), plus room for the bus name.
    14 +
    256
  );
}

/** Halves the longest lists until the run event fits, marking it truncated. */
function fitRunEvent(event: SyncEvent & { detail: RunEventDetail }, maxEntryBytes: number): void {
  const { models } = event.detail;
  while (entryBytes(event) > maxEntryBytes) {
    const kinds = Object.keys(models) as (keyof ChangedModelIds)[];
    const longest = kinds.reduce((a, b) => (models[b].length > models[a].length ? b : a));
    if (models[longest].length === 0) break;
    models[longest] = models[longest].slice(0, Math.floor(models[longest].length / 2));
    event.detail.modelsTruncated = true;
  }
}

function modelEvents(
  result: SyncResult & { runId: string },
  ids: ChangedModelIds,
  limit: number,
): { events: SyncEvent[]; omitted: number } {
  const base = { runId: result.runId, runPath: runPath(result.runId), trigger: result.trigger, syncedAt: result.syncedAt };
  // Retirements first: they are what subscribers act on (users lose a model), then the rest.
  const order: [keyof ChangedModelIds, DetailType][] = [
    ['retired', DETAIL_TYPES.retired],
    ['paused', DETAIL_TYPES.paused],
    ['added', DETAIL_TYPES.added],
    ['restored', DETAIL_TYPES.restored],
    ['updated', DETAIL_TYPES.updated],
  ];
  const events: SyncEvent[] = [];
  let total = 0;
  for (const [kind, detailType] of order) {
    for (const modelId of ids[kind]) {
      total += 1;
      if (events.length >= limit) continue;
      const changedColumns = kind === 'updated' ? changedColumnsOf(result, modelId) : undefined;
      events.push({
        source: EVENT_SOURCE,
        detailType,
        detail: { modelId, ...base, ...(changedColumns === undefined ? {} : { changedColumns }) },
      });
    }
  }
  return { events, omitted: total - events.length };
}

/** One event per deprecation notice: these go out even when the run changed nothing else. */
function deprecationEvents(result: SyncResult & { runId: string }): SyncEvent[] {
  const base = { runId: result.runId, runPath: runPath(result.runId), trigger: result.trigger, syncedAt: result.syncedAt };
  return (result.deprecations ?? []).map(({ kind, ...notice }) => ({
    source: EVENT_SOURCE,
    detailType: kind === 'deprecated' ? DETAIL_TYPES.deprecated : DETAIL_TYPES.deprecationApproaching,
    detail: { ...notice, ...base },
  }));
}

function errorsForEvent(errors: string[]): string[] {
  const shown = errors.slice(0, MAX_EVENT_ERRORS).map((error) => (error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH)}…` : error));
  if (errors.length > MAX_EVENT_ERRORS) shown.push(`… and ${errors.length - MAX_EVENT_ERRORS} more errors (see the run).`);
  return shown;
}

/**
 * The events a sync result publishes, run event first: nothing for a dry run, a skipped run or a
 * result that was not recorded (no `runId`); for a successful run that changed nothing, only its
 * deprecation notices; otherwise `Model Sync Run Completed` (or `Model Sync Run Failed`, with the
 * reason), one event per changed model and one per deprecation notice, up to `maxModelEvents`. Only ids, counts, column names and the run's own messages
 * go out: no row content, no `litellm_params`, no secret. A pure function: the Lambda publisher
 * and the CLI's `--events` print the same events.
 *
 * @example
 * const events = buildSyncEvents(result, { requestedBy: 'cli:alice' });
 */
export function buildSyncEvents(result: SyncResult, options: BuildEventsOptions = {}): SyncEvent[] {
  if (result.dryRun || result.skipped || result.runId === undefined) return [];
  const recorded = result as SyncResult & { runId: string };
  const ids = changedModelIds(result);
  const changedSomething = (Object.values(ids) as string[][]).some((list) => list.length > 0);
  const maxModelEvents = options.maxModelEvents ?? DEFAULT_MAX_MODEL_EVENTS;
  const deprecations = deprecationEvents(recorded).slice(0, maxModelEvents);
  if (result.success && !changedSomething) return deprecations;

  const { events, omitted } = modelEvents(recorded, ids, maxModelEvents - deprecations.length);
  const detail: RunEventDetail = {
    runId: recorded.runId,
    runPath: runPath(recorded.runId),
    trigger: result.trigger,
    requestedBy: options.requestedBy === undefined ? null : shortCaller(options.requestedBy),
    status: result.success ? 'succeeded' : 'failed',
    syncedAt: result.syncedAt,
    durationMs: result.durationMs,
    counts: {
      total: result.totalModels,
      added: ids.added.length,
      updated: result.updatedModels,
      retired: ids.retired.length,
      restored: ids.restored.length,
      paused: ids.paused.length,
      unchanged: result.unchangedModels,
    },
    models: { ...ids },
    modelsTruncated: false,
    modelEvents: { published: events.length, omitted },
    ...(result.success ? {} : { reason: result.failureReason ?? 'entries', errors: errorsForEvent(errorsForReaders(result.failureReason, result.errors, recorded.runId)) }),
  };
  const runEvent: SyncEvent & { detail: RunEventDetail } = {
    source: EVENT_SOURCE,
    detailType: result.success ? DETAIL_TYPES.runCompleted : DETAIL_TYPES.runFailed,
    detail,
  };
  fitRunEvent(runEvent, options.maxEntryBytes ?? MAX_ENTRY_BYTES);
  return [runEvent, ...events, ...deprecations];
}

/** An event as EventBridge delivers it to rules and targets (the fields the schemas describe). */
export function deliveredShape(event: SyncEvent): { source: string; 'detail-type': string; detail: SyncEvent['detail'] } {
  return { source: event.source, 'detail-type': event.detailType, detail: event.detail };
}
