import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventBridgeClientConfig, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { backoffDelayMs, sleep } from '../../../lib/backoff.js';
import { buildSyncEvents, entryBytes, MAX_ENTRY_BYTES } from '../../../lib/events/build-events.js';
import type { SyncEvent } from '../../../lib/events/event-shapes.js';
import type { SyncService } from '../../../lib/sync/service.js';
import type { SyncResult } from '../../../lib/sync/types.js';
import { EVENTS_BUDGET } from '../setup/budgets.js';
import { METRIC_NAMES } from '../observability/observability-names.js';
import { logger, metrics } from '../observability/powertools.js';

/** EventBridge's most entries per `PutEvents` call. */
const PUT_EVENTS_BATCH_SIZE = 10;
/**
 * EventBridge's most bytes per `PutEvents` call, all entries together: a larger request is refused
 * whole with a ValidationException, so batches are cut by size as well as by count.
 */
const PUT_EVENTS_REQUEST_BYTES = MAX_ENTRY_BYTES;
/** Batches sent at the same time: 11 batches (a capped run) go out in about three round trips. */
const CONCURRENT_BATCHES = 4;

/** Where the change events go, built once per container when `EVENT_BUS_NAME` is set. */
export interface ChangeEventsTarget {
  client: EventBridgeClient;
  busName: string;
  /** No publishing try starts after this long (functions/commons/setup/budgets.ts). @default EVENTS_BUDGET.totalMs */
  totalMs?: number;
}

/** How hard the publisher tries. */
export interface PublishPolicy {
  /** Tries per batch, the first included; failed entries (FailedEntryCount) are sent again. */
  attempts: number;
  /** Wait before the second try; doubles after each. */
  backoffMs: number;
  /** No try or batch starts after this long. */
  totalMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface PublishOutcome {
  published: number;
  failed: number;
  /** The first error EventBridge gave, for the logs and the run record. */
  error?: string;
}

/** The EventBridge client settings: bounded, so publishing cannot eat the function's time. */
function eventBridgeClientConfig(): EventBridgeClientConfig {
  return {
    maxAttempts: EVENTS_BUDGET.sdkMaxAttempts,
    requestHandler: { requestTimeout: EVENTS_BUDGET.requestTimeoutMs, throwOnRequestTimeout: true },
  };
}

function toEntry(event: SyncEvent, busName: string): PutEventsRequestEntry {
  return { EventBusName: busName, Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail) };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

const BUDGET_SPENT = 'the publishing time budget was spent';

/**
 * A request EventBridge refuses as malformed or too large is refused again unchanged: it is not
 * retried (a retry would only spend the budget), and the entries count as failed.
 */
function isValidationError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException';
}

/**
 * Cuts events into `PutEvents` batches of at most {@link PUT_EVENTS_BATCH_SIZE} entries and
 * {@link PUT_EVENTS_REQUEST_BYTES} in all (as {@link entryBytes} counts them), in order; an event
 * too large to share a request (a run event with long id lists) goes alone.
 */
function batchEvents(events: SyncEvent[], maxBytes: number = PUT_EVENTS_REQUEST_BYTES): SyncEvent[][] {
  const batches: SyncEvent[][] = [];
  let batch: SyncEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = entryBytes(event);
    if (batch.length > 0 && (batch.length === PUT_EVENTS_BATCH_SIZE || bytes + size > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(event);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

async function sendBatch(
  client: EventBridgeClient,
  entries: PutEventsRequestEntry[],
  policy: PublishPolicy,
  timeLeft: () => boolean,
): Promise<PublishOutcome> {
  let pending = entries;
  let error: string | undefined;
  for (let attempt = 1; attempt <= policy.attempts && pending.length > 0; attempt += 1) {
    if (attempt > 1) await (policy.sleep ?? sleep)(backoffDelayMs(attempt, { firstMs: policy.backoffMs }));
    if (!timeLeft()) {
      error ??= BUDGET_SPENT;
      break;
    }
    try {
      const answer = await client.send(new PutEventsCommand({ Entries: pending }));
      if ((answer.FailedEntryCount ?? 0) === 0) {
        pending = [];
        break;
      }
      // Entries come back in request order; the failed ones carry an ErrorCode.
      const results = answer.Entries ?? [];
      const failedEntry = results.find((result) => result.ErrorCode !== undefined);
      error ??= `${failedEntry?.ErrorCode ?? 'Failed'}: ${failedEntry?.ErrorMessage ?? 'entry not accepted'}`;
      pending = pending.filter((_, index) => results[index]?.ErrorCode !== undefined || results[index] === undefined);
    } catch (thrown) {
      error ??= describeError(thrown);
      if (isValidationError(thrown)) {
        logger.error('EventBridge refused a PutEvents request; not retried', { entries: pending.length, reason: describeError(thrown) });
        break;
      }
    }
  }
  return { published: entries.length - pending.length, failed: pending.length, ...(error === undefined || pending.length === 0 ? {} : { error }) };
}

/**
 * Sends events in batches ({@link batchEvents}: by count and by size), a few batches at a time,
 * trying each batch again for the entries EventBridge did not take, within `policy.totalMs`; a
 * ValidationException is not retried. Never throws: the outcome says how many went out and why the
 * others did not (publishChangeEvents logs and counts them).
 */
export async function putEventsInBatches(
  target: ChangeEventsTarget,
  events: SyncEvent[],
  policy: PublishPolicy = {
    attempts: EVENTS_BUDGET.entryAttempts,
    backoffMs: EVENTS_BUDGET.backoffMs,
    totalMs: target.totalMs ?? EVENTS_BUDGET.totalMs,
  },
): Promise<PublishOutcome> {
  const now = policy.now ?? Date.now;
  const startedAt = now();
  const timeLeft = (): boolean => now() - startedAt < policy.totalMs;
  const batches = batchEvents(events).map((batch) => batch.map((event) => toEntry(event, target.busName)));
  const total: PublishOutcome = { published: 0, failed: 0 };
  for (let start = 0; start < batches.length; start += CONCURRENT_BATCHES) {
    const outcomes = await Promise.all(batches.slice(start, start + CONCURRENT_BATCHES).map((batch) => sendBatch(target.client, batch, policy, timeLeft)));
    for (const outcome of outcomes) {
      total.published += outcome.published;
      total.failed += outcome.failed;
      if (outcome.error !== undefined) total.error ??= outcome.error;
    }
  }
  return total;
}

/** The target for a container, or undefined when no bus is configured (events are then off). */
export function changeEventsTarget(
  busName: string | undefined,
  totalMs: number = EVENTS_BUDGET.totalMs,
): ChangeEventsTarget | undefined {
  if (busName === undefined) return undefined;
  return { client: new EventBridgeClient(eventBridgeClientConfig()), busName, totalMs };
}

/**
 * Publishes a recorded run's change events (docs/events.md), after the run is committed. It never
 * changes the sync's outcome and never throws: a failure is logged, counted (`EventsFailed`) and
 * recorded with the run (`events_error`, one statement, only then). Dry runs and runs that changed
 * nothing publish nothing.
 */
export async function publishChangeEvents(
  target: ChangeEventsTarget | undefined,
  service: Pick<SyncService, 'recordEventsError'>,
  result: SyncResult,
  requestedBy?: string,
): Promise<PublishOutcome | undefined> {
  if (target === undefined) return undefined;
  const events = buildSyncEvents(result, requestedBy === undefined ? {} : { requestedBy });
  if (events.length === 0) return undefined;
  const outcome = await putEventsInBatches(target, events);
  metrics.addMetric(METRIC_NAMES.eventsPublished, MetricUnit.Count, outcome.published);
  if (outcome.failed === 0) {
    logger.info('Change events published', { runId: result.runId, events: outcome.published });
    return outcome;
  }
  metrics.addMetric(METRIC_NAMES.eventsFailed, MetricUnit.Count, outcome.failed);
  const message = `${outcome.failed} of ${events.length} change events were not published to ${target.busName}: ${outcome.error ?? 'unknown error'}`;
  logger.error('Change events not published', { runId: result.runId, published: outcome.published, failed: outcome.failed, reason: outcome.error });
  if (result.runId !== undefined) {
    try {
      await service.recordEventsError(result.runId, message);
    } catch (error) {
      logger.error('Could not record the change-event failure with the run', { runId: result.runId, error });
    }
  }
  return outcome;
}
