import { MIGRATE } from '../db/sql/migrations.js';
import { getRun, listRuns } from './run-store.js';
import type { SyncRun } from './run-store.js';
import { resolveSettings } from './settings.js';
import type { SyncServiceSettings } from './settings.js';
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
  };
}
