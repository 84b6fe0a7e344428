import type { SqlSession } from '../db/port.js';
import { readModelHistory, readRunChanges } from './change-journal.js';
import type { ChangePage, PageRequest } from './change-journal.js';
import { getRun, listRuns } from './run-store.js';
import type { SyncRun } from './run-store.js';
import { readSyncStatus } from './status.js';
import type { ScheduleInfo, SyncStatus } from './status.js';

/** How many runs one listing shows: `GET /sync/runs?limit=N` and `litemaas-model-sync runs --limit N` alike. */
export const RUNS_LIMIT = { default: 20, min: 1, max: 100 } as const;

/**
 * The recorded runs and the sync's health, read-only: the one read path of the read API function
 * (functions/sync-read-api.ts) and the CLI's `runs` and `status`. It needs only a database: no
 * LiteLLM setting, no key. The sync service extends it, so a process that syncs reads the same way.
 *
 * @example
 * const history = new RunHistory(database);
 * const runs = await history.listRuns(RUNS_LIMIT.default);
 */
export class RunHistory {
  constructor(protected readonly database: SqlSession) {}

  /** The newest recorded runs, newest first. */
  listRuns(limit: number): Promise<SyncRun[]> {
    return listRuns(this.database, limit);
  }

  /** One recorded run, or undefined. */
  getRun(runId: string): Promise<SyncRun | undefined> {
    return getRun(this.database, runId);
  }

  /**
   * The sync's health in one round trip; `schedule` is what the caller's deployment configured,
   * `deprecationWarnDays` how far ahead it lists coming provider retirements.
   */
  readStatus(schedule: ScheduleInfo | null, deprecationWarnDays?: number): Promise<SyncStatus> {
    return readSyncStatus(this.database, schedule, deprecationWarnDays);
  }

  /** What one run changed, model by model, one page per round trip (the change journal). */
  readRunChanges(runId: string, page?: PageRequest): Promise<ChangePage> {
    return readRunChanges(this.database, runId, page);
  }

  /** What happened to one model over time, newest first, one page per round trip. */
  readModelHistory(modelId: string, page?: PageRequest): Promise<ChangePage> {
    return readModelHistory(this.database, modelId, page);
  }
}
