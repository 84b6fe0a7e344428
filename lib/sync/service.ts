import { MIGRATE } from '../db/sql/migrations.js';
import { RunHistory } from './run-history.js';
import { abandonRun, readRunningRun, recordEventsError, startRun } from './run-store.js';
import type { RunningRun, StartRunRequest } from './run-store.js';
import { resolveSettings } from './settings.js';
import type { ResolvedSettings, SyncServiceSettings } from './settings.js';
import { syncModels } from './sync-models.js';
import type { ScheduleInfo, SyncStatus } from './status.js';
import type { SyncRequest, SyncResult } from './types.js';

export type { SyncServiceSettings } from './settings.js';

/**
 * The sync engine's whole surface, built once per process or Lambda container: the sync, the
 * migrations, the run records of background runs, and (from {@link RunHistory}) the run history.
 * A class, so "go to definition" on `service.syncModels` lands on the code that runs.
 */
export class SyncService extends RunHistory {
  private readonly settings: ResolvedSettings;

  /** Checks the settings (throws ConfigError for an invalid one) and binds them. */
  constructor(settings: SyncServiceSettings) {
    super(settings.database);
    this.settings = resolveSettings(settings);
  }

  /** The status, listing coming provider retirements within this service's `deprecationWarnDays` unless told otherwise. */
  override readStatus(schedule: ScheduleInfo | null, deprecationWarnDays: number = this.settings.deprecationWarnDays): Promise<SyncStatus> {
    return super.readStatus(schedule, deprecationWarnDays);
  }

  /** Runs one sync; never throws for an expected failure, which the result describes. */
  syncModels(request: SyncRequest, secrets: { litellmApiKey: string }): Promise<SyncResult> {
    return syncModels(this.settings, request, secrets);
  }

  /** Applies the schema migrations under the sync lock (throws SyncBusyError when taken). */
  async migrate(): Promise<void> {
    await this.database.execute(MIGRATE);
  }

  /** Records a run as `running` for work done later; undefined when another sync is busy. */
  startRun(request: StartRunRequest): Promise<string | undefined> {
    return startRun(this.database, request);
  }

  /** A run still `running` (not finished, not expired), with the caller and options it was started with; else undefined. */
  readRunningRun(runId: string): Promise<RunningRun | undefined> {
    return readRunningRun(this.database, runId);
  }

  /** Marks a `running` run failed when its background work could not be started. */
  abandonRun(runId: string, message: string): Promise<void> {
    return abandonRun(this.database, runId, message);
  }

  /** Records with a run why its change events could not be published. */
  recordEventsError(runId: string, message: string): Promise<void> {
    return recordEventsError(this.database, runId, message);
  }
}

/**
 * The one way in: checks the settings (throws ConfigError for an invalid one) and binds them.
 *
 * @example
 * const service = createSyncService({ database, litellmUrl: 'http://localhost:4000', excludeModels: ['*-preview'] });
 * const result = await service.syncModels({ trigger: 'cli' }, { litellmApiKey });
 */
export function createSyncService(settings: SyncServiceSettings): SyncService {
  return new SyncService(settings);
}
