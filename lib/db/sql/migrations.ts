import type { SqlStatement } from '../port.js';
import { BUSY_MESSAGE, TRY_SYNC_LOCK } from './lock.js';
import { MIGRATION_PRIVILEGE_HANDLER } from './privilege-hint.js';

/**
 * All schema changes, as one statement (the Data API runs one statement per call): a DO block
 * that holds the sync lock and creates only what is missing. It never drops, renames or retypes
 * anything, and it skips DDL whose object exists, so that a routine run takes no table lock on
 * `models` and a concurrent sync is never made to wait.
 *
 * The `models` table, its indexes and trigger are exactly LiteMaaS's (contract §1), so the
 * migration is safe on an existing LiteMaaS database and creates a compatible one when missing.
 */
/** Largest journal entry kept with its values (docs/design.md, "Change journal"). */
export const MAX_JOURNAL_ENTRY_BYTES = 32_000;

export const MIGRATE: SqlStatement = {
  name: 'migrate',
  text: `
DO $migrate$
BEGIN
  IF NOT ${TRY_SYNC_LOCK} THEN
    RAISE EXCEPTION USING ERRCODE = '55P03', MESSAGE = '${BUSY_MESSAGE}';
  END IF;

  IF to_regclass('models') IS NULL THEN
    CREATE TABLE models (
      id VARCHAR(255) PRIMARY KEY,
      name VARCHAR(255) NOT NULL,
      provider VARCHAR(100) NOT NULL,
      description TEXT,
      category VARCHAR(100),
      context_length INTEGER,
      input_cost_per_token DECIMAL(15,10),
      output_cost_per_token DECIMAL(15,10),
      supports_vision BOOLEAN DEFAULT false,
      supports_function_calling BOOLEAN DEFAULT false,
      supports_tool_choice BOOLEAN DEFAULT false,
      supports_parallel_function_calling BOOLEAN DEFAULT false,
      supports_streaming BOOLEAN DEFAULT true,
      features TEXT[],
      availability VARCHAR(50) DEFAULT 'available',
      version VARCHAR(50),
      metadata JSONB DEFAULT '{}',
      api_base VARCHAR(500),
      tpm INTEGER,
      rpm INTEGER,
      max_tokens INTEGER,
      litellm_model_id VARCHAR(255),
      created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
      updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
    );
  END IF;

  -- Columns LiteMaaS added later with ALTER TABLE ... ADD COLUMN IF NOT EXISTS.
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'models'::regclass AND attname = 'backend_model_name' AND NOT attisdropped) THEN
    ALTER TABLE models ADD COLUMN backend_model_name VARCHAR(255);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'models'::regclass AND attname = 'restricted_access' AND NOT attisdropped) THEN
    ALTER TABLE models ADD COLUMN restricted_access BOOLEAN DEFAULT false;
    -- LiteMaaS's own comment (contract §7): part of the schema it creates, so ours too.
    COMMENT ON COLUMN models.restricted_access IS 'When true, subscriptions require admin approval';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'models'::regclass AND attname = 'encrypted_api_key' AND NOT attisdropped) THEN
    ALTER TABLE models ADD COLUMN encrypted_api_key TEXT;
  END IF;

  IF to_regclass('idx_models_provider') IS NULL THEN CREATE INDEX idx_models_provider ON models(provider); END IF;
  IF to_regclass('idx_models_category') IS NULL THEN CREATE INDEX idx_models_category ON models(category); END IF;
  IF to_regclass('idx_models_availability') IS NULL THEN CREATE INDEX idx_models_availability ON models(availability); END IF;
  IF to_regclass('idx_models_litellm_model_id') IS NULL THEN CREATE INDEX idx_models_litellm_model_id ON models(litellm_model_id); END IF;
  IF to_regclass('idx_models_restricted_access') IS NULL THEN CREATE INDEX idx_models_restricted_access ON models(restricted_access); END IF;

  IF to_regprocedure('update_updated_at_column()') IS NULL THEN
    CREATE FUNCTION update_updated_at_column() RETURNS TRIGGER AS $fn$
    BEGIN
      NEW.updated_at = CURRENT_TIMESTAMP;
      RETURN NEW;
    END;
    $fn$ LANGUAGE plpgsql;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'models'::regclass AND tgname = 'update_models_updated_at') THEN
    CREATE TRIGGER update_models_updated_at BEFORE UPDATE ON models
      FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
  END IF;

  -- This project's own tables. Each CREATE sits behind an existence check rather than IF NOT
  -- EXISTS, which checks the CREATE privilege on the schema first: once its objects exist, the
  -- sync's role needs no CREATE on a shared LiteMaaS database (docs/litemaas.md).
  IF to_regclass('model_sync_runs') IS NULL THEN
    CREATE TABLE model_sync_runs (
      id UUID PRIMARY KEY,
      trigger VARCHAR(20) NOT NULL,
      requested_by TEXT,
      started_at TIMESTAMPTZ NOT NULL,
      finished_at TIMESTAMPTZ NOT NULL,
      status VARCHAR(20) NOT NULL,
      failure_reason VARCHAR(40),
      options JSONB NOT NULL DEFAULT '{}',
      total_models INTEGER NOT NULL DEFAULT 0,
      new_models INTEGER NOT NULL DEFAULT 0,
      updated_models INTEGER NOT NULL DEFAULT 0,
      unavailable_models INTEGER NOT NULL DEFAULT 0,
      restored_models INTEGER NOT NULL DEFAULT 0,
      unchanged_models INTEGER NOT NULL DEFAULT 0,
      errors JSONB NOT NULL DEFAULT '[]',
      changes JSONB NOT NULL DEFAULT '{}',
      duration_ms INTEGER
    );
  END IF;
  -- Counts and lists added with the catalog rules (contract §7); runs recorded before read as 0 / [].
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'model_sync_runs'::regclass AND attname = 'paused_models' AND NOT attisdropped) THEN
    ALTER TABLE model_sync_runs
      ADD COLUMN paused_models INTEGER NOT NULL DEFAULT 0,
      ADD COLUMN ignored_models INTEGER NOT NULL DEFAULT 0,
      ADD COLUMN ignored JSONB NOT NULL DEFAULT '[]';
  END IF;
  -- Why a run's change events could not be published (NULL when they were, or none were due).
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'model_sync_runs'::regclass AND attname = 'events_error' AND NOT attisdropped) THEN
    ALTER TABLE model_sync_runs ADD COLUMN events_error TEXT;
  END IF;
  -- Which database user recorded the run, so GET /sync/status can say whom the sync signs in as.
  -- Added without a default first: runs recorded before stay NULL (unknown), not the migrating user.
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'model_sync_runs'::regclass AND attname = 'database_user' AND NOT attisdropped) THEN
    ALTER TABLE model_sync_runs ADD COLUMN database_user TEXT;
    ALTER TABLE model_sync_runs ALTER COLUMN database_user SET DEFAULT current_user;
  END IF;
  IF to_regclass('idx_model_sync_runs_started_at') IS NULL THEN
    CREATE INDEX idx_model_sync_runs_started_at ON model_sync_runs (started_at DESC, id DESC);
  END IF;

  -- What the sync last wrote for each model: the fingerprint of the LiteLLM data it came from and
  -- the row version (xmin) it left. Any later write to the row, by anyone, changes xmin, so an
  -- unchanged re-sync is decided in one statement without sending or reading any row.
  -- It is only a cache: a table of an older shape (row hashes) is replaced, and costs one full
  -- comparison of every model on the next sync.
  IF to_regclass('model_sync_fingerprints') IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM pg_attribute
    WHERE attrelid = to_regclass('model_sync_fingerprints') AND attname = 'row_version' AND NOT attisdropped
  ) THEN
    DROP TABLE model_sync_fingerprints;
  END IF;
  IF to_regclass('model_sync_fingerprints') IS NULL THEN
    CREATE TABLE model_sync_fingerprints (
      model_id VARCHAR(255) PRIMARY KEY,
      source_fingerprint TEXT NOT NULL,
      row_version TEXT NOT NULL
    );
  END IF;
  IF to_regprocedure('model_sync_row_hash(models)') IS NOT NULL THEN
    DROP FUNCTION model_sync_row_hash(models);
  END IF;

  -- The retirement grace: how many successive completed runs found an available model missing.
  -- A row exists only while its model is missing and not yet retired, so an unchanged catalog
  -- leaves the table empty and the plan reads nothing from it.
  IF to_regclass('model_sync_missing') IS NULL THEN
    CREATE TABLE model_sync_missing (
      model_id VARCHAR(255) PRIMARY KEY,
      missed_runs INTEGER NOT NULL
    );
  END IF;

  -- The per-model change journal (docs/design.md): one row per model a run added, updated,
  -- restored, retired or paused, written by the statements that make the change, in the run's
  -- transaction. Pruned by the sync itself past the retention, in bounded batches.
  IF to_regclass('model_sync_changes') IS NULL THEN
    CREATE TABLE model_sync_changes (
      run_id UUID NOT NULL,
      model_id VARCHAR(255) NOT NULL,
      kind VARCHAR(20) NOT NULL,
      changes JSONB,
      recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (run_id, model_id)
    );
    CREATE INDEX idx_model_sync_changes_model ON model_sync_changes (model_id, recorded_at DESC, run_id DESC);
    CREATE INDEX idx_model_sync_changes_recorded_at ON model_sync_changes (recorded_at);
  END IF;

  -- A journal entry stays small enough for any reader (the Data API answers at most 64 KB a row):
  -- past that, it keeps which columns changed and drops the values.
  IF to_regprocedure('model_sync_bounded_change(jsonb)') IS NULL THEN
    CREATE FUNCTION model_sync_bounded_change(change jsonb) RETURNS jsonb
      LANGUAGE sql IMMUTABLE AS $fn$
        SELECT CASE WHEN octet_length(change::text) <= ${MAX_JOURNAL_ENTRY_BYTES} THEN change
          ELSE jsonb_build_object('valuesOmitted', true, 'columns', (SELECT jsonb_agg(key ORDER BY key) FROM jsonb_object_keys(change) AS key))
        END
      $fn$;
  END IF;

  -- Writes one row to LiteMaaS's audit_logs (contract §8) when that table exists: plain PostgreSQL
  -- and the embedded database have none, and get nothing. A user id LiteMaaS does not know is
  -- written as NULL (the caller stays in metadata); a role without INSERT on audit_logs is told,
  -- not failed. Only INSERT is needed: the foreign key to users is checked by PostgreSQL itself.
  IF to_regprocedure('model_sync_write_litemaas_audit(jsonb)') IS NULL THEN
    CREATE FUNCTION model_sync_write_litemaas_audit(entry jsonb) RETURNS text
      LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        audit regclass := to_regclass('audit_logs');
        statement text;
        user_id uuid;
      BEGIN
        IF audit IS NULL THEN RETURN 'absent'; END IF;
        statement := format(
          'INSERT INTO %s (user_id, action, resource_type, resource_id, success, error_message, metadata) '
          'VALUES ($1, $2, $3, NULL, $4, $5, $6)', audit);
        IF entry->>'userId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
          user_id := (entry->>'userId')::uuid;
        END IF;
        BEGIN
          EXECUTE statement USING user_id, entry->>'action', entry->>'resourceType',
            (entry->>'success')::boolean, entry->>'errorMessage', entry->'metadata';
        EXCEPTION WHEN foreign_key_violation THEN
          EXECUTE statement USING NULL::uuid, entry->>'action', entry->>'resourceType',
            (entry->>'success')::boolean, entry->>'errorMessage', entry->'metadata';
        END;
        RETURN 'written';
      EXCEPTION WHEN insufficient_privilege THEN
        RETURN 'denied';
      END;
      $fn$;
  END IF;

  -- Created only when missing: replacing a function needs its ownership, which a role running
  -- the sync on a shared LiteMaaS database may not have.
  IF to_regprocedure('model_sync_take_lock()') IS NULL THEN
    CREATE FUNCTION model_sync_take_lock() RETURNS boolean
      LANGUAGE plpgsql VOLATILE AS $fn$
      BEGIN
        IF NOT ${TRY_SYNC_LOCK} THEN
          RAISE EXCEPTION USING ERRCODE = '55P03', MESSAGE = '${BUSY_MESSAGE}';
        END IF;
        RETURN true;
      END;
      $fn$;
  END IF;
${MIGRATION_PRIVILEGE_HANDLER}
END
$migrate$`,
};
