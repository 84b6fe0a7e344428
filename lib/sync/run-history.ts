import type { SqlSession } from '../db/port.js';
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

  /** The sync's health in one round trip; `schedule` is what the caller's deployment configured. */
  readStatus(schedule: ScheduleInfo | null): Promise<SyncStatus> {
    return readSyncStatus(this.database, schedule);
  }
}
