/**
 * Errors the sync reports to people. Each one says what failed and what to do next, and carries a
 * machine-readable `reason` that entry points map to exit codes and HTTP statuses.
 * Messages never contain secrets or stack traces.
 */
export type FailureReason =
  | 'config'
  | 'litellm'
  | 'guard'
  | 'database-resuming'
  | 'database'
  | 'busy'
  | 'internal';

export class SyncError extends Error {
  override name = 'SyncError';

  constructor(
    readonly reason: FailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad or missing configuration: the message names the setting to fix. */
export class ConfigError extends SyncError {
  override name = 'ConfigError';
  constructor(message: string) { super('config', message); }
}

/** LiteLLM could not be reached or answered something unusable. */
export class LiteLLMError extends SyncError {
  override name = 'LiteLLMError';
  constructor(
    message: string,
    /** HTTP status of LiteLLM's answer, when there was one. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super('litellm', message, options);
  }
}

/** The mass-retirement guard refused the run; nothing was written. */
export class GuardRefusedError extends SyncError {
  override name = 'GuardRefusedError';
  constructor(message: string) { super('guard', message); }
}

/** Any other database failure (unreachable, SQL error, expired transaction). */
export class DatabaseError extends SyncError {
  override name = 'DatabaseError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('database', message, options);
  }
}

/** Aurora Serverless is waking up from auto-pause and did not finish within the retry budget. */
export class DatabaseResumingError extends SyncError {
  override name = 'DatabaseResumingError';
  constructor(
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super('database-resuming', `The database is resuming from auto-pause; retry in ${retryAfterSeconds} s.`, options);
  }
}

/** Another sync holds the sync lock. */
export class SyncBusyError extends SyncError {
  override name = 'SyncBusyError';
  constructor() {
    super('busy', 'another sync is running; this one was skipped. Try again when it has finished.');
  }
}

/** A message safe to show a person for any thrown value: ours as is, anything else generic. */
export function describeFailure(error: unknown): { reason: FailureReason; message: string } {
  if (error instanceof SyncError) return { reason: error.reason, message: error.message };
  return { reason: 'internal', message: 'The sync failed with an unexpected internal error; see the logs.' };
}
