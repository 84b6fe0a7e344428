import { MIGRATE } from '../db/sql/migrations.js';
import { abandonRun, getRun, listRuns, recordEventsError, startRun } from './run-store.js';
import type { StartRunRequest, SyncRun } from './run-store.js';
import { resolveSettings } from './settings.js';
import type { SyncServiceSettings } from './settings.js';
import { readSyncStatus } from './status.js';
import type { ScheduleInfo, SyncStatus } from './status.js';
import { syncModels } from './sync-models.js';
import type { SyncRequest, SyncResult } from './types.js';

export type { SyncServiceSettings } from './settings.js';

/** The sync engine's whole surface, built once per process or Lambda container. */
export interface SyncService {
  /** Runs one sync; never throws for an expected failure, which the result describes. */
  syncModels(request: SyncRequest, secrets: { litellmApiKey: string }): Promise<SyncResult>;
  /** Applies the schema migrations under the sync lock (throws SyncBusyError when taken). */
  migrate(): Promise<void>;
  /** The newest recorded runs, newest first. */
  listRuns(limit: number): Promise<SyncRun[]>;
  /** One recorded run, or undefined. */
  getRun(runId: string): Promise<SyncRun | undefined>;
  /** Records a run as `running` for work done later; undefined when another sync is busy. */
  startRun(request: StartRunRequest): Promise<string | undefined>;
  /** Marks a `running` run failed when its background work could not be started. */
  abandonRun(runId: string, message: string): Promise<void>;
  /** Records with a run why its change events could not be published. */
  recordEventsError(runId: string, message: string): Promise<void>;
  /** The sync's health in one round trip; `schedule` comes from the caller's configuration. */
  readStatus(schedule: ScheduleInfo | null): Promise<SyncStatus>;
}

/**
 * The one way in: checks the settings (throws ConfigError for an invalid one) and binds them.
 *
 * @example
 * const service = createSyncService({ database, litellmUrl: 'http://localhost:4000', excludeModels: ['*-preview'] });
 * const result = await service.syncModels({ trigger: 'cli' }, { litellmApiKey });
 */
export function createSyncService(settings: SyncServiceSettings): SyncService {
  const resolved = resolveSettings(settings);
  return {
    syncModels: (request, secrets) => syncModels(resolved, request, secrets),
    migrate: async () => {
      await settings.database.execute(MIGRATE);
    },
    listRuns: (limit) => listRuns(settings.database, limit),
    getRun: (runId) => getRun(settings.database, runId),
    startRun: (request) => startRun(settings.database, request),
    abandonRun: (runId, message) => abandonRun(settings.database, runId, message),
    recordEventsError: (runId, message) => recordEventsError(settings.database, runId, message),
    readStatus: (schedule) => readSyncStatus(settings.database, schedule, settings.deprecationWarnDays),
  };
}
