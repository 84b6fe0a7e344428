import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { SyncResult, SyncTrigger } from '../../../lib/sync/types.js';
import { METRIC_NAMES } from '../observability/observability-names.js';
import { logger, metrics } from '../observability/powertools.js';

/**
 * Thrown to fail an invocation whose sync (or migration) failed, after the failure was already
 * logged; the message carries the reason and the sync's own explanation.
 */
export class SyncFailedError extends Error {
  readonly reason: string;

  constructor(reason: string, message: string) {
    super(message);
    this.name = 'SyncFailedError';
    this.reason = reason;
  }

  /** The error for a failed sync result. */
  static fromResult(result: SyncResult): SyncFailedError {
    const reason = result.failureReason ?? 'entries';
    const run = result.runId === undefined ? '' : ` (run ${result.runId})`;
    return new SyncFailedError(reason, `Model sync failed${run}, reason ${reason}: ${result.errors.join(' ')}`);
  }
}

/**
 * Logs and counts a sync that failed without a result to report (e.g. the LiteLLM key could not
 * be read): the same `SyncFailed` metric as a failed run, so the same alarm fires.
 */
export function reportUnrecordedFailure(trigger: SyncTrigger, error: unknown): void {
  logger.error('Model sync failed', { trigger, outcome: 'failed', error });
  metrics.addMetadata('trigger', trigger);
  metrics.addMetric(METRIC_NAMES.syncFailed, MetricUnit.Count, 1);
}

/**
 * Logs an invocation's error once, through the structured logger, unless it is a
 * {@link SyncFailedError} (already logged with the run). The error still fails the invocation.
 */
export function logInvocationFailure<TEvent, TResult>(): MiddlewareObj<TEvent, TResult> {
  return {
    name: 'log-invocation-failure',
    onError: (request) => {
      if (!(request.error instanceof SyncFailedError)) logger.error('Invocation failed', { error: request.error });
    },
  };
}
