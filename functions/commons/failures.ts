import type { MiddlewareObj } from '@middy/core';
import type { SyncResult } from '../../lib/sync/types.js';
import { logger } from './powertools.js';

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
