import type { DatabasePort } from '../lib/db/port.js';
import type { LiteLLMRetryPolicy } from '../lib/litellm/client.js';
import { MIGRATE } from '../lib/db/sql/migrations.js';
import { printNote } from './output.js';

/** How far a sync got, for a failure's headline: what was reached and what was not. */
export interface SyncStages {
  databaseReached: boolean;
  litellmAsked: boolean;
}

/** Whether a person is watching: progress notes only for an interactive terminal, never with --json. */
export function showsProgress(terminal: { stdoutIsTTY: boolean; stderrIsTTY: boolean; json: boolean }): boolean {
  return terminal.stdoutIsTTY && terminal.stderrIsTTY && !terminal.json;
}

/** A first attempt quicker than this needs no note. */
const QUIET_MS = 1_000;

/**
 * Follows a sync from outside the engine: the database port it is given and the LiteLLM client's
 * attempt hook say how far it got. The sync plans only after LiteLLM answered, so any statement
 * other than the migration ends the wait for LiteLLM.
 */
export class SyncProgress {
  readonly stages: SyncStages = { databaseReached: false, litellmAsked: false };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly litellmHost: string,
    private readonly visible: boolean,
  ) {}

  /** The port to give the sync: the same one, observed. */
  observe(database: DatabasePort): DatabasePort {
    const seen = (statement: { name: string }): void => {
      if (statement.name !== MIGRATE.name) this.stop();
    };
    const reached = <T>(result: T): T => {
      this.stages.databaseReached = true;
      return result;
    };
    return {
      execute: (statement, parameters) => {
        seen(statement);
        return database.execute(statement, parameters).then(reached);
      },
      transaction: (work, options) => {
        this.stop();
        return database.transaction(work, options).then(reached);
      },
    };
  }

  /** The retry policy to give the sync: the same one, with attempts noted. */
  watch(policy: LiteLLMRetryPolicy): LiteLLMRetryPolicy {
    return { ...policy, onAttempt: (attempt, maxAttempts) => this.attemptStarted(attempt, maxAttempts) };
  }

  /** LiteLLM has answered or the sync has returned: no more notes. */
  stop(): void {
    clearTimeout(this.timer);
  }

  private attemptStarted(attempt: number, maxAttempts: number): void {
    this.stages.litellmAsked = true;
    if (!this.visible) return;
    clearTimeout(this.timer);
    const note = (): void => printNote(`Waiting for LiteLLM at ${this.litellmHost}… (attempt ${attempt}/${maxAttempts})`);
    // A retry is itself news: the first attempt failed. A first attempt is noted once it is slow.
    if (attempt > 1) note();
    else this.timer = setTimeout(note, QUIET_MS).unref();
  }
}
