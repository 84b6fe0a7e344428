import type { SqlStatement } from '../port.js';

/** Records one finished run. Counts, options, errors and changed ids arrive as one JSON document. */
export const RECORD_RUN: SqlStatement = {
  name: 'record-run',
  text: `
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
FROM (SELECT :document::jsonb AS d) input`,
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
    'finishedAt', to_char(r.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'status', r.status,
    'failureReason', r.failure_reason,
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
    'changes', '{"paused": [], "missing": []}'::jsonb || r.changes,
    'ignored', coalesce(to_jsonb(r) -> 'ignored', '[]'::jsonb),
    'durationMs', r.duration_ms)::text AS document
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
