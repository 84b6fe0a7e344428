/** The sync engine's public surface: what the Lambda functions, the CLI and the benchmark use. */
export { createSyncService } from './sync/service.js';
export type { SyncService, SyncServiceSettings } from './sync/service.js';
export { skippedResult } from './sync/sync-result.js';
export type {
  CatalogPolicy,
  IgnoredModel,
  IgnoredReason,
  SyncChanges,
  SyncOptions,
  SyncRequest,
  SyncResult,
  SyncTrigger,
} from './sync/types.js';
export { changedColumnsOf, SYNC_TRIGGERS, updatedOnly } from './sync/types.js';
export type { SyncRun, StartRunRequest } from './sync/run-store.js';
export type { ScheduleInfo, StatusRun, SyncStatus } from './sync/status.js';
export { buildSyncEvents, deliveredShape } from './events/build-events.js';
export { DETAIL_TYPES, EVENT_SOURCE } from './events/event-shapes.js';
export type { SyncEvent } from './events/event-shapes.js';
export { createDataApiDatabase } from './db/data-api/database.js';
export { DEFAULT_RESUME_POLICY } from './db/data-api/resume.js';
export type { ResumePolicy } from './db/data-api/resume.js';
export type { DataApiTarget } from './db/data-api/database.js';
export { createPostgresDatabase } from './db/postgres/database.js';
export type { PostgresConnection, PostgresDatabase, PostgresPoolOptions } from './db/postgres/database.js';
export type { ConnectionAdvice } from './db/postgres/tls.js';
export type { DatabasePort, SqlSession, SqlStatement, SqlParameters, SqlRow } from './db/port.js';
export { REQUEST_BUDGET_BYTES } from './db/port.js';
export { DEFAULT_LITELLM_MAX_RESPONSE_BYTES, DEFAULT_LITELLM_RETRY_POLICY } from './litellm/client.js';
export type { LiteLLMRetryPolicy } from './litellm/client.js';
export * from './errors.js';
export * from './config.js';
