import type { SqlStatement } from '../port.js';

const ISO_UTC_MICROSECONDS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/**
 * The columns of a journal page, with the run that made each change, kept while the page's
 * bytes stay under :page_bytes (the first entry always: each is at most 32 KB). `candidates`
 * says how many entries the page could have held, so the reader knows whether more follow.
 */
function journalPage(where: string, order: string): string {
  return `
WITH candidates AS (
  SELECT c.run_id, c.model_id, c.kind, c.changes, c.recorded_at, r.trigger, r.requested_by,
    coalesce(octet_length(c.changes::text), 0) + octet_length(c.model_id) + 200 AS bytes
  FROM model_sync_changes c
  LEFT JOIN model_sync_runs r ON r.id = c.run_id
  WHERE ${where}
  ORDER BY ${order}
  LIMIT :limit::int + 1
),
sized AS (
  SELECT *, sum(bytes) OVER (ORDER BY ${order} ROWS UNBOUNDED PRECEDING) - bytes AS bytes_before,
    row_number() OVER (ORDER BY ${order}) AS position
  FROM candidates c
)
SELECT c.run_id::text AS run_id, c.model_id, c.kind, c.changes::text AS changes, c.trigger, c.requested_by,
  to_char(c.recorded_at AT TIME ZONE 'UTC', ${ISO_UTC_MICROSECONDS}) AS recorded_at,
  (SELECT count(*)::int FROM candidates) AS candidates
FROM sized c
WHERE c.position = 1 OR c.bytes_before < :page_bytes::int
ORDER BY ${order}`;
}

/** One run's journal, by model id, after the model id `:after_model` (NULL: from the start). */
export const READ_RUN_CHANGES: SqlStatement = {
  name: 'read-run-changes',
  text: journalPage(
    'c.run_id = :run_id::uuid AND (:after_model::varchar IS NULL OR c.model_id > :after_model::varchar)',
    'c.model_id',
  ),
};

/** One model's journal, newest first, before the entry `(:before_time, :before_run)` (NULL: from the newest). */
export const READ_MODEL_HISTORY: SqlStatement = {
  name: 'read-model-history',
  text: journalPage(
    `c.model_id = :model_id::varchar AND (:before_time::timestamptz IS NULL
      OR (c.recorded_at, c.run_id) < (:before_time::timestamptz, :before_run::uuid))`,
    'c.recorded_at DESC, c.run_id DESC',
  ),
};
