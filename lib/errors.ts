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
  readonly reason: FailureReason;

  constructor(reason: FailureReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SyncError';
    this.reason = reason;
  }
}

/** Bad or missing configuration: the message names the setting to fix. */
export class ConfigError extends SyncError {
  constructor(message: string) {
    super('config', message);
    this.name = 'ConfigError';
  }
}

/** LiteLLM could not be reached or answered something unusable. */
export class LiteLLMError extends SyncError {
  /** HTTP status of LiteLLM's answer, when there was one. */
  readonly status: number | undefined;

  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super('litellm', message, options);
    this.name = 'LiteLLMError';
    this.status = status;
  }
}

/** The mass-retirement guard refused the run; nothing was written. */
export class GuardRefusedError extends SyncError {
  constructor(message: string) {
    super('guard', message);
    this.name = 'GuardRefusedError';
  }
}

/** Aurora Serverless is waking up from auto-pause and did not finish within the retry budget. */
export class DatabaseResumingError extends SyncError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(
      'database-resuming',
      `The database is resuming from auto-pause; retry in ${retryAfterSeconds} s.`,
      options,
    );
    this.name = 'DatabaseResumingError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Any other database failure (unreachable, SQL error, expired transaction). */
export class DatabaseError extends SyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('database', message, options);
    this.name = 'DatabaseError';
  }
}

/** Another sync holds the sync lock. */
export class SyncBusyError extends SyncError {
  constructor() {
    super('busy', 'another sync is running; this one was skipped. Try again when it has finished.');
    this.name = 'SyncBusyError';
  }
}

/** A message safe to show a person for any thrown value: ours as is, anything else generic. */
export function describeFailure(error: unknown): { reason: FailureReason; message: string } {
  if (error instanceof SyncError) return { reason: error.reason, message: error.message };
  return { reason: 'internal', message: 'The sync failed with an unexpected internal error; see the logs.' };
}
