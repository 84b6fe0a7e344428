import type { SqlStatement } from '../port.js';
import {
  changedColumnValues,
  OWNED_COLUMN_ASSIGNMENTS,
  OWNED_COLUMN_DEFINITIONS,
  OWNED_COLUMN_LIST,
  changedColumnMask,
  qualifiedColumns,
} from './model-columns.js';
import { insertRunRecord } from './sync-runs.js';

/** Most journal entries one statement prunes: a long-unpruned journal shrinks over a few runs. */
export const JOURNAL_PRUNE_BATCH = 1_000;

/**
 * A CTE that deletes up to JOURNAL_PRUNE_BATCH journal entries older than :journal_retention_days.
 * Only in statements that run when something changed, so an unchanged run never pays for it.
 */
const PRUNE_JOURNAL = `pruned AS (
  DELETE FROM model_sync_changes
  WHERE (run_id, model_id) IN (
    SELECT run_id, model_id FROM model_sync_changes
    WHERE recorded_at < now() - make_interval(days => :journal_retention_days::int)
    LIMIT ${JOURNAL_PRUNE_BATCH}
  )
)`;

/** Marks are returned in pieces so that no result row nears the Data API's 64 KB row limit. */
const PLAN_PIECE_LENGTH = 32_768;

/** The reason a paused name with no row is listed under `ignored` (see `ignoredOf`). */
const PAUSED_NEW = 'paused-new';

/**
 * Decides, without receiving any row, what this run must write, and when that is nothing, records
 * the run as well: an unchanged catalog costs this one statement.
 *
 * Input: the published catalog's ids and fingerprints as two JSON arrays in the same order, then
 * the paused names. Output: one character per catalog entry, then per paused name, in order —
 * `+` no row yet, `=` nothing to write, `~` send the row and let the upsert compare, `p` a paused
 * model whose row is still available — plus the counts the mass-retirement guard and the
 * retirement grace need, whether there is nothing to write, the id of the run recorded (and the
 * LiteMaaS audit row written with it, `litemaas_audit`), and when the last run that announced its
 * changes started (succeeded, or failed only for unusable entries: deprecation notices).
 *
 * `:document` (with the record's other parameters, see `insertRunRecord`) is the run as it ends
 * if there is nothing to write; null records nothing (dry runs, and runs the guard refuses
 * whatever the table holds). Its `ignored` list names every paused name as `paused-new`: the ones
 * that have a row are taken out here, the only place that knows. Nothing to write means: every
 * catalog mark `=` (a paused name may be `+`: it is never inserted) and, when missing models are
 * retired, none missing and no retirement grace counting — what `needsReconciling` also checks.
 *
 * Takes the sync lock, so that a sync started while another runs is skipped before it does any
 * work, and holds it to the end of the statement (its own transaction): the run is recorded under it.
 */
export const PLAN_SYNC: SqlStatement = {
  name: 'plan-sync',
  text: `
WITH catalog AS (
  SELECT c.id, c.fingerprint, c.position, false AS paused
  FROM ROWS FROM (
    jsonb_array_elements_text(:ids::jsonb),
    jsonb_array_elements_text(:fingerprints::jsonb)
  ) WITH ORDINALITY AS c(id, fingerprint, position)
  UNION ALL
  SELECT p.id, NULL, jsonb_array_length(:ids::jsonb) + p.position, true
  FROM jsonb_array_elements_text(:paused_ids::jsonb) WITH ORDINALITY AS p(id, position)
),
catalog_marks AS MATERIALIZED (
  SELECT c.position, c.paused,
    CASE
      WHEN m.id IS NULL THEN '+'
      WHEN c.paused THEN CASE WHEN m.availability = 'available' THEN 'p' ELSE '=' END
      WHEN NOT :force_update::boolean
        AND s.source_fingerprint = c.fingerprint
        AND s.row_version = m.xmin::text THEN '='
      ELSE '~'
    END AS mark
  FROM catalog c
  LEFT JOIN models m ON m.id = c.id
  LEFT JOIN model_sync_fingerprints s ON s.model_id = c.id
),
-- Materialized first so that ordering by position sorts two narrow columns, not joined rows.
marks AS (
  SELECT coalesce(string_agg(mark, '' ORDER BY position), '') AS text FROM catalog_marks
),
-- Paused models are a deliberate act, not an outage: they count neither as available nor as
-- retired for the guard. A missing model is retired once it has been missing :retire_after times.
counts AS (
  SELECT
    count(*) FILTER (WHERE m.availability = 'available' AND c.paused IS NOT TRUE)::int AS available_count,
    count(*) FILTER (WHERE m.availability = 'available' AND c.id IS NULL)::int AS missing_count,
    count(*) FILTER (
      WHERE m.availability = 'available' AND c.id IS NULL
        AND coalesce(g.missed_runs, 0) + 1 >= :retire_after::int
    )::int AS retirable_count
  FROM models m
  -- A join, not NOT EXISTS inside FILTER: that runs as a subplan per row, quadratic in the catalog.
  LEFT JOIN catalog c ON c.id = m.id
  LEFT JOIN model_sync_missing g ON g.model_id = m.id
),
grace AS (SELECT count(*)::int AS tracked_count FROM model_sync_missing),
-- When the last run that announced started: deprecation notices are said by the run that sees a
-- date pass after it (lib/sync/deprecation-notices.ts). A run that failed only for entries it could
-- not use applied and announced the rest (failure_reason is null), so it counts. Read through the
-- started_at index.
previous_announcing_run AS (
  SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at
  FROM model_sync_runs WHERE status IN ('succeeded', 'failed') AND failure_reason IS NULL
  ORDER BY started_at DESC, id DESC LIMIT 1
),
verdict AS (
  SELECT NOT EXISTS (SELECT 1 FROM catalog_marks WHERE mark <> '=' AND NOT (paused AND mark = '+'))
    AND NOT (:mark_unavailable::boolean AND (counts.missing_count > 0 OR grace.tracked_count > 0)) AS nothing_to_write
  FROM counts CROSS JOIN grace
),
unchanged_run AS (
  SELECT input.d || jsonb_build_object('ignored', kept.ignored, 'ignoredModels', jsonb_array_length(kept.ignored)) AS d
  FROM (SELECT :document::jsonb AS d) input
  CROSS JOIN LATERAL (
    SELECT coalesce(jsonb_agg(e.entry ORDER BY e.position), '[]'::jsonb) AS ignored
    FROM jsonb_array_elements(input.d -> 'ignored') WITH ORDINALITY AS e(entry, position)
    WHERE e.entry ->> 'reason' <> '${PAUSED_NEW}' OR NOT EXISTS (SELECT 1 FROM models m WHERE m.id = e.entry ->> 'model')
  ) kept
  WHERE input.d IS NOT NULL AND (SELECT nothing_to_write FROM verdict) AND (SELECT model_sync_take_lock())
),
recorded AS (${insertRunRecord('unchanged_run')}
),
-- LiteMaaS's audit row (when asked for) goes with the record, as in RECORD_RUN: once (the function
-- is volatile, so this is evaluated once however many pieces the answer has).
audited AS (
  SELECT model_sync_write_litemaas_audit(:litemaas_audit::jsonb) AS outcome FROM recorded WHERE :litemaas_audit::jsonb IS NOT NULL
)
SELECT counts.available_count, counts.missing_count, counts.retirable_count, grace.tracked_count,
  verdict.nothing_to_write, (SELECT id::text FROM recorded) AS recorded_run_id,
  (SELECT outcome FROM audited) AS litemaas_audit,
  (SELECT started_at FROM previous_announcing_run) AS previous_announcing_run_at,
  piece.number AS piece_number,
  substr(marks.text, (piece.number - 1) * ${PLAN_PIECE_LENGTH} + 1, ${PLAN_PIECE_LENGTH}) AS marks
FROM counts
CROSS JOIN grace
CROSS JOIN verdict
CROSS JOIN marks
CROSS JOIN LATERAL generate_series(1, greatest(1, ceil(length(marks.text) / ${PLAN_PIECE_LENGTH}.0)::int)) AS piece(number)
-- A one-time filter, evaluated before anything is read: a sync started while another one holds
-- the lock fails here at once.
WHERE (SELECT model_sync_take_lock())
ORDER BY piece.number`,
};

/**
 * Inserts new models and updates changed ones from a JSON array of wanted rows; rows equal to
 * what is stored get no write (no `updated_at` churn). A stored description is kept; an empty one
 * is filled. `restricted_access` is written on insert only (`:new_restricted`): once a row exists
 * it belongs to LiteMaaS admins. Remembers each row's fingerprint and row version for the next
 * plan. Returns one row per written model: `added`, `updated` or `restored` (was unavailable), the
 * mask of the columns it changed, and the deprecation date it had before.
 */
export const UPSERT_MODELS: SqlStatement = {
  name: 'upsert-models',
  text: `
WITH input AS (
  SELECT * FROM jsonb_to_recordset(:rows::jsonb)
    AS r(id varchar, description text, fingerprint text, ${OWNED_COLUMN_DEFINITIONS})
  -- An uncorrelated condition is a one-time filter: the lock is taken before any row is read,
  -- so before any write, and a sync that finds it taken fails here without waiting.
  WHERE (SELECT model_sync_take_lock())
),
previous AS (
  SELECT m.* FROM models m JOIN input i ON i.id = m.id
),
written AS (
  INSERT INTO models AS m (id, description, restricted_access, ${OWNED_COLUMN_LIST})
  SELECT id, description, :new_restricted::boolean, ${OWNED_COLUMN_LIST} FROM input
  ON CONFLICT (id) DO UPDATE SET
    ${OWNED_COLUMN_ASSIGNMENTS},
    description = coalesce(m.description, EXCLUDED.description)
  WHERE :force_update::boolean
    OR (${qualifiedColumns('m')}) IS DISTINCT FROM (${qualifiedColumns('EXCLUDED')})
    OR (m.description IS NULL AND EXCLUDED.description IS NOT NULL)
  RETURNING m.id, m.xmin::text AS row_version
),
-- A row this statement neither wrote nor can see was inserted by a sync that committed after
-- this statement's snapshot was taken but before it took the lock (the lock is taken inside the
-- statement): its version is unknown here, so this sync remembers nothing for it and what that
-- sync remembered stays (the table is only a cache; a stale entry costs a full comparison).
remembered AS (
  INSERT INTO model_sync_fingerprints AS s (model_id, source_fingerprint, row_version)
  SELECT i.id, i.fingerprint, coalesce(w.row_version, current_row.xmin::text)
  FROM input i
  LEFT JOIN written w ON w.id = i.id
  LEFT JOIN models current_row ON current_row.id = i.id
  WHERE coalesce(w.row_version, current_row.xmin::text) IS NOT NULL
  ON CONFLICT (model_id) DO UPDATE
    SET source_fingerprint = EXCLUDED.source_fingerprint, row_version = EXCLUDED.row_version
),
-- The change journal: what each write did, with the old and new value of every changed column
-- (a forced rewrite that changed nothing is not a change).
journal AS (
  INSERT INTO model_sync_changes (run_id, model_id, kind, changes)
  SELECT :run_id::uuid, w.id,
    CASE
      WHEN p.id IS NULL THEN 'added'
      WHEN p.availability IS DISTINCT FROM 'available' THEN 'restored'
      ELSE 'updated'
    END,
    CASE WHEN p.id IS NULL THEN NULL ELSE model_sync_bounded_change(${changedColumnValues('p', 'i')}) END
  FROM written w
  JOIN input i ON i.id = w.id
  LEFT JOIN previous p ON p.id = w.id
  WHERE p.id IS NULL OR (${changedColumnMask('p', 'i')}) <> 0
  ON CONFLICT (run_id, model_id) DO NOTHING
),
${PRUNE_JOURNAL}
SELECT w.id,
  CASE
    WHEN p.id IS NULL THEN 'added'
    WHEN p.availability IS DISTINCT FROM 'available' THEN 'restored'
    ELSE 'updated'
  END AS change,
  -- Which columns the write changed, as a bit mask in CHANGED_COLUMN_BITS order (0 for new rows):
  -- an integer per row keeps the answer small at any catalog size.
  CASE WHEN p.id IS NULL THEN 0 ELSE ${changedColumnMask('p', 'i')} END AS changed_columns,
  -- To tell whether this write announced a new or moved retirement date (deprecation notices).
  p.metadata->>'deprecationDate' AS previous_deprecation_date
FROM written w
JOIN input i ON i.id = w.id
LEFT JOIN previous p ON p.id = w.id`,
};

/**
 * Makes rows unavailable that users can no longer call (never deletes: LiteMaaS subscriptions
 * reference model rows), and keeps the retirement grace (contract §7):
 * - a paused model's available row becomes unavailable at once (`paused`);
 * - with `:mark_unavailable`, an available model missing from the catalog counts one more missed
 *   run; it is retired once it reaches `:retire_after` (`retired`), else it stays available and
 *   is reported (`missing`). Every other grace entry is forgotten: its model came back or is no
 *   longer available, so its count starts again from zero.
 */
export const RECONCILE_MISSING_MODELS: SqlStatement = {
  name: 'reconcile-missing-models',
  text: `
WITH catalog AS (SELECT jsonb_array_elements_text(:ids::jsonb) AS id),
paused AS (SELECT jsonb_array_elements_text(:paused_ids::jsonb) AS id),
missing AS MATERIALIZED (
  SELECT m.id, coalesce(g.missed_runs, 0) + 1 AS missed_runs
  FROM models m
  LEFT JOIN model_sync_missing g ON g.model_id = m.id
  WHERE (SELECT model_sync_take_lock()) -- a one-time filter: the lock before any write, as above
    AND :mark_unavailable::boolean
    AND m.availability = 'available'
    AND NOT EXISTS (SELECT 1 FROM catalog c WHERE c.id = m.id)
    AND NOT EXISTS (SELECT 1 FROM paused p WHERE p.id = m.id)
),
made_unavailable AS (
  UPDATE models m SET availability = 'unavailable'
  WHERE (SELECT model_sync_take_lock())
    AND m.availability = 'available'
    AND (m.id IN (SELECT id FROM paused)
      OR m.id IN (SELECT id FROM missing WHERE missed_runs >= :retire_after::int))
  RETURNING m.id
),
journal AS (
  INSERT INTO model_sync_changes (run_id, model_id, kind, changes)
  SELECT :run_id::uuid, u.id, CASE WHEN u.id IN (SELECT id FROM paused) THEN 'paused' ELSE 'retired' END,
    '{"availability": {"old": "available", "new": "unavailable"}}'::jsonb
  FROM made_unavailable u
  ON CONFLICT (run_id, model_id) DO NOTHING
),
${PRUNE_JOURNAL},
-- Two disjoint sets of grace rows: forgotten ones, and those still counting.
forgotten AS (
  DELETE FROM model_sync_missing g
  WHERE :mark_unavailable::boolean
    AND NOT EXISTS (SELECT 1 FROM missing x WHERE x.id = g.model_id AND x.missed_runs < :retire_after::int)
),
counted AS (
  INSERT INTO model_sync_missing AS g (model_id, missed_runs)
  SELECT id, missed_runs FROM missing WHERE missed_runs < :retire_after::int
  ON CONFLICT (model_id) DO UPDATE SET missed_runs = EXCLUDED.missed_runs
)
SELECT u.id, CASE WHEN u.id IN (SELECT id FROM paused) THEN 'paused' ELSE 'retired' END AS change
FROM made_unavailable u
UNION ALL
SELECT id, 'missing' FROM missing WHERE missed_runs < :retire_after::int`,
};
