import type { SqlStatement } from '../port.js';
import { TRY_SYNC_LOCK } from './lock.js';

/**
 * The insert that records one finished run: `:id`, `:trigger`, `:requested_by`, `:started_at`,
 * `:finished_at`, `:status`, `:failure_reason` and `:duration_ms` are parameters; counts, options,
 * errors and changed ids come as the JSON document `d` of each row of `source` (no row: nothing is
 * recorded). A run started with Prefer: respond-async was inserted as `running` (START_RUN) and is
 * finished here; a run already ended (e.g. marked failed when its background start timed out) is
 * left as it is, and `RETURNING id` gives no row. One text for the record statement and the plan
 * (PLAN_SYNC records an unchanged run itself).
 */
export function insertRunRecord(source: string): string {
  return `
INSERT INTO model_sync_runs (
  id, trigger, requested_by, started_at, finished_at, status, failure_reason, options,
  total_models, new_models, updated_models, unavailable_models, restored_models, unchanged_models,
  paused_models, ignored_models, errors, changes, ignored, duration_ms)
SELECT :id::uuid, :trigger::varchar, :requested_by::text, :started_at::timestamptz,
  :finished_at::timestamptz, :status::varchar, :failure_reason::varchar,
  d -> 'options', (d ->> 'totalModels')::int, (d ->> 'newModels')::int,
  (d ->> 'updatedModels')::int, (d ->> 'unavailableModels')::int, (d ->> 'restoredModels')::int,
  (d ->> 'unchangedModels')::int, (d ->> 'pausedModels')::int, (d ->> 'ignoredModels')::int,
  d -> 'errors', d -> 'changes', d -> 'ignored', :duration_ms::int
FROM ${source}
ON CONFLICT (id) DO UPDATE SET
  finished_at = EXCLUDED.finished_at, status = EXCLUDED.status, failure_reason = EXCLUDED.failure_reason,
  options = EXCLUDED.options, total_models = EXCLUDED.total_models, new_models = EXCLUDED.new_models,
  updated_models = EXCLUDED.updated_models, unavailable_models = EXCLUDED.unavailable_models,
  restored_models = EXCLUDED.restored_models, unchanged_models = EXCLUDED.unchanged_models,
  paused_models = EXCLUDED.paused_models, ignored_models = EXCLUDED.ignored_models,
  errors = EXCLUDED.errors, changes = EXCLUDED.changes, ignored = EXCLUDED.ignored,
  duration_ms = EXCLUDED.duration_ms
WHERE model_sync_runs.status = 'running'
RETURNING id`;
}

/**
 * Records one finished run (`:document`: its counts, options, errors and changed ids) and, with it,
 * `:litemaas_audit`, the row for LiteMaaS's audit log, or NULL (lib/sync/litemaas-audit.ts).
 */
export const RECORD_RUN: SqlStatement = {
  name: 'record-run',
  text: `
WITH recorded AS (${insertRunRecord('(SELECT :document::jsonb AS d) input')}
)
-- No row back: the run was already ended (e.g. marked failed when its background start timed out).
-- LiteMaaS's audit row (when asked for) is written only with the run record, in its statement.
SELECT id::text AS id,
  CASE WHEN :litemaas_audit::jsonb IS NULL THEN NULL ELSE model_sync_write_litemaas_audit(:litemaas_audit::jsonb) END AS litemaas_audit
FROM recorded`,
};

/** Longest a run may stay `running`: past the scheduled function's timeout it can only be lost. */
export const RUNNING_RUN_TTL_MINUTES = 10;

/**
 * A `running` run whose background work can no longer be going on (its invoke was lost or the
 * function died): reads show it as `failed` with reason `lost`, and it no longer blocks a start.
 */
function lostRun(alias: string): string {
  return `(${alias}.status = 'running' AND ${alias}.started_at <= now() - interval '${RUNNING_RUN_TTL_MINUTES} minutes')`;
}

/**
 * Records an asynchronous run as `running` and returns its id, in one statement that first takes
 * (and at once releases) the sync lock, so a sync in progress answers 409 at once, and that
 * inserts nothing while another recent run is still `running` (its background work has not taken
 * the lock yet). No row back: busy.
 */
export const START_RUN: SqlStatement = {
  name: 'start-run',
  text: `
WITH started AS (
  INSERT INTO model_sync_runs (id, trigger, requested_by, started_at, finished_at, status, options)
  SELECT :id::uuid, :trigger::varchar, :requested_by::text, now(), now(), 'running', :options::jsonb
  WHERE (SELECT ${TRY_SYNC_LOCK})
    AND NOT EXISTS (
      SELECT 1 FROM model_sync_runs r
      WHERE r.status = 'running' AND r.started_at > now() - interval '${RUNNING_RUN_TTL_MINUTES} minutes'
    )
  RETURNING id
)
SELECT id::text AS id FROM started`,
};

/**
 * What a background run was started with, read by the function that does its work: the caller and
 * options the API recorded. No row back: no such run, or it is finished or expired (`lost`), and
 * there is nothing to do.
 */
export const READ_RUNNING_RUN: SqlStatement = {
  name: 'read-running-run',
  text: `
SELECT r.requested_by AS requested_by, r.options::text AS options
FROM model_sync_runs r
WHERE r.id = :id::uuid AND r.status = 'running' AND NOT ${lostRun('r')}`,
};

/** Ends a `running` run whose background work could not even be started. */
export const ABANDON_RUN: SqlStatement = {
  name: 'abandon-run',
  text: `
UPDATE model_sync_runs
SET status = 'failed', failure_reason = 'internal', finished_at = now(), errors = jsonb_build_array(:message::text),
  duration_ms = (extract(epoch FROM now() - started_at) * 1000)::int
WHERE id = :id::uuid AND status = 'running'`,
};

/** Records why a run's change events could not be published (one statement, only on failure). */
export const RECORD_EVENTS_ERROR: SqlStatement = {
  name: 'record-events-error',
  text: `UPDATE model_sync_runs SET events_error = :events_error::text WHERE id = :id::uuid`,
};

/** The ids of the newest runs, newest first. */
export const LIST_RUN_IDS: SqlStatement = {
  name: 'list-run-ids',
  text: `
SELECT id::text AS id FROM model_sync_runs
ORDER BY started_at DESC, id DESC
LIMIT :limit::int`,
};

/** Longest piece of a document per result row: 16,000 characters stay under 64 KB in any UTF-8. */
const DOCUMENT_PIECE_LENGTH = 16_000;

/**
 * Reads runs (given by id, in that order) as JSON documents, in pieces and by pages of at most
 * `:page_bytes` bytes (plus one piece), starting after the piece `(:after_run, :after_piece)`.
 * `remaining` is the number of pieces from the cursor on, so the reader knows when it is done.
 */
export const READ_RUN_DOCUMENTS: SqlStatement = {
  name: 'read-run-documents',
  text: `
WITH wanted AS (
  SELECT w.id::uuid AS id, w.position::int AS position
  FROM jsonb_array_elements_text(:ids::jsonb) WITH ORDINALITY AS w(id, position)
),
documents AS (
  SELECT wanted.position, jsonb_build_object(
    'runId', r.id,
    'trigger', r.trigger,
    'requestedBy', r.requested_by,
    'startedAt', to_char(r.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'finishedAt', CASE WHEN r.status <> 'running'
      THEN to_char(r.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END,
    'status', CASE WHEN ${lostRun('r')} THEN 'failed' ELSE r.status END,
    'failureReason', CASE WHEN ${lostRun('r')} THEN 'lost' ELSE r.failure_reason END,
    'options', r.options,
    'totalModels', r.total_models,
    'newModels', r.new_models,
    'updatedModels', r.updated_models,
    'unavailableModels', r.unavailable_models,
    'restoredModels', r.restored_models,
    'unchangedModels', r.unchanged_models,
    -- Read through to_jsonb(r): a 0.1 table (not migrated yet; "runs" never migrates) has none
    -- of these columns, and runs recorded before pausing and the grace existed have no such lists.
    'pausedModels', coalesce((to_jsonb(r) ->> 'paused_models')::int, 0),
    'ignoredModels', coalesce((to_jsonb(r) ->> 'ignored_models')::int, 0),
    'errors', r.errors,
    -- A running run has no changes yet (\`{}\`); older finished runs lack the paused and missing lists.
    'changes', CASE WHEN r.changes ? 'added' THEN '{"paused": [], "missing": []}'::jsonb || r.changes ELSE r.changes END,
    'ignored', coalesce(to_jsonb(r) -> 'ignored', '[]'::jsonb),
    'durationMs', r.duration_ms,
    'eventsError', to_jsonb(r) ->> 'events_error')::text AS document
  FROM wanted JOIN model_sync_runs r ON r.id = wanted.id
),
pieces AS (
  SELECT d.position, piece.number,
    substr(d.document, (piece.number - 1) * ${DOCUMENT_PIECE_LENGTH} + 1, ${DOCUMENT_PIECE_LENGTH}) AS text
  FROM documents d
  CROSS JOIN LATERAL generate_series(1, ceil(length(d.document) / ${DOCUMENT_PIECE_LENGTH}.0)::int) AS piece(number)
  WHERE (d.position, piece.number) > (:after_run::int, :after_piece::int)
),
paged AS (
  SELECT position, number, text, count(*) OVER () AS remaining,
    sum(octet_length(text)) OVER (ORDER BY position, number) - octet_length(text) AS bytes_before
  FROM pieces
)
SELECT position AS run_position, number AS piece_number, text AS piece, remaining::int AS remaining
FROM paged
WHERE bytes_before < :page_bytes::int
ORDER BY position, number`,
};

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The sync's health in one statement (one round trip): the last run and the last successful run,
 * the failed runs since that success, and the models available and unavailable now. Reads the
 * newest rows through the started_at index; the model counts are one pass over \`models\`.
 */
export const READ_SYNC_STATUS: SqlStatement = {
  name: 'read-sync-status',
  text: `
WITH last_run AS (
  SELECT id, trigger, started_at,
    CASE WHEN ${lostRun('r')} THEN 'failed' ELSE status END AS status,
    CASE WHEN ${lostRun('r')} THEN 'lost' ELSE failure_reason END AS failure_reason,
    CASE WHEN status <> 'running' THEN finished_at END AS finished_at
  FROM model_sync_runs r
  ORDER BY started_at DESC, id DESC LIMIT 1
),
last_success AS (
  SELECT id, trigger, status, failure_reason, started_at, finished_at FROM model_sync_runs
  WHERE status = 'succeeded' ORDER BY started_at DESC, id DESC LIMIT 1
),
failures AS (
  SELECT count(*)::int AS n FROM model_sync_runs
  WHERE status = 'failed' AND started_at > coalesce((SELECT started_at FROM last_success), '-infinity'::timestamptz)
),
-- Whom the sync signs in as: the user of the newest run the writer recorded (a deploy-time run is the main user's).
sync_user AS (
  SELECT database_user FROM model_sync_runs WHERE trigger <> 'deploy' AND database_user IS NOT NULL
  ORDER BY started_at DESC, id DESC LIMIT 1
),
model_counts AS (
  SELECT count(*) FILTER (WHERE availability = 'available')::int AS available,
    count(*) FILTER (WHERE availability IS DISTINCT FROM 'available')::int AS unavailable
  FROM models
),
-- Available models whose provider retires them within :warn_days days, or already did: what
-- LiteMaaS admins should tell their users about. Compared as ISO text, so that a hand-edited
-- value that is not a date can never make the statement fail.
deprecating AS (
  SELECT coalesce(jsonb_agg(jsonb_build_object(
      'modelId', id,
      'deprecationDate', metadata->>'deprecationDate',
      'successorModel', metadata->>'successorModel'
    ) ORDER BY metadata->>'deprecationDate', id), '[]'::jsonb)::text AS list
  FROM models
  WHERE availability = 'available'
    AND metadata->>'deprecationDate' ~ '^\\d{4}-\\d{2}-\\d{2}$'
    AND metadata->>'deprecationDate' <= to_char((now() AT TIME ZONE 'UTC')::date + :warn_days::int, 'YYYY-MM-DD')
)
SELECT
  l.id::text AS last_run_id, l.trigger AS last_run_trigger, l.status AS last_run_status,
  l.failure_reason AS last_run_failure_reason,
  to_char(l.started_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS last_run_started_at,
  to_char(l.finished_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS last_run_finished_at,
  s.id::text AS success_id, s.trigger AS success_trigger, s.status AS success_status,
  to_char(s.started_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS success_started_at,
  to_char(s.finished_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS success_finished_at,
  floor(extract(epoch FROM (now() - s.finished_at)) / 60)::int AS minutes_since_success,
  f.n AS consecutive_failures, m.available AS models_available, m.unavailable AS models_unavailable,
  to_char(now() AT TIME ZONE 'UTC', ${ISO_UTC}) AS checked_at,
  (SELECT database_user FROM sync_user) AS sync_database_user, current_user::text AS read_database_user,
  d.list AS deprecations
FROM model_counts m
CROSS JOIN deprecating d
CROSS JOIN failures f
LEFT JOIN last_run l ON true
LEFT JOIN last_success s ON true`,
};
