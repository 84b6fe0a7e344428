import type { DatabasePort } from '../db/port.js';
import { REQUEST_BUDGET_BYTES } from '../db/port.js';
import { MIGRATE } from '../db/sql/migrations.js';
import type { LiteLLMRetryPolicy } from '../litellm/client.js';
import { DEFAULT_LITELLM_RETRY_POLICY } from '../litellm/client.js';
import { abandonRun, getRun, listRuns, recordEventsError, startRun } from './run-store.js';
import type { StartRunRequest, SyncRun } from './run-store.js';
import { readSyncStatus } from './status.js';
import type { ScheduleInfo, SyncStatus } from './status.js';
import { syncModels } from './sync-models.js';
import type { SyncDependencies } from './sync-models.js';
import type { SyncRequest, SyncResult } from './types.js';

export interface SyncServiceSettings {
  database: DatabasePort;
  litellmUrl: string;
  litellmRetry?: LiteLLMRetryPolicy;
  /** @default 0.5 */
  maxRetireFraction?: number;
  /** @default REQUEST_BUDGET_BYTES (3.5 MB, under the Data API's 4 MiB) */
  requestBudgetBytes?: number;
  reportUnexpectedError?: (error: unknown) => void;
}

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

export function createSyncService(settings: SyncServiceSettings): SyncService {
  const dependencies: SyncDependencies = {
    database: settings.database,
    litellmUrl: settings.litellmUrl,
    litellmRetry: settings.litellmRetry ?? DEFAULT_LITELLM_RETRY_POLICY,
    maxRetireFraction: settings.maxRetireFraction ?? 0.5,
    requestBudgetBytes: settings.requestBudgetBytes ?? REQUEST_BUDGET_BYTES,
    ...(settings.reportUnexpectedError ? { reportUnexpectedError: settings.reportUnexpectedError } : {}),
  };
  return {
    syncModels: (request, secrets) => syncModels(dependencies, request, secrets),
    migrate: async () => {
      await settings.database.execute(MIGRATE);
    },
    listRuns: (limit) => listRuns(settings.database, limit),
    getRun: (runId) => getRun(settings.database, runId),
    startRun: (request) => startRun(settings.database, request),
    abandonRun: (runId, message) => abandonRun(settings.database, runId, message),
    recordEventsError: (runId, message) => recordEventsError(settings.database, runId, message),
    readStatus: (schedule) => readSyncStatus(settings.database, schedule),
  };
}
