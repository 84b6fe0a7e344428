import { isDeepStrictEqual } from 'node:util';
import { buildCatalog } from '../lib/catalog/build-catalog.js';
import type { DesiredModelRow } from '../lib/catalog/types.js';
import type { DatabasePort, SqlParameters, SqlRow, SqlStatement } from '../lib/db/port.js';
import { SYNC_OWNED_COLUMNS } from '../lib/db/sql/model-columns.js';
import { plainModelInfo } from './plain-model-info.js';

/**
 * The LiteMaaS sync pattern, re-created for comparison: for each model, read its row, then insert
 * it or (only if something differs) update it; then read the available ids and retire each missing
 * model in a transaction of its own. It uses the project's mapping (`buildCatalog`) and a correct
 * comparison, so it writes exactly what our sync writes — only the number of round trips differs.
 * It is kinder to itself than LiteMaaS was: LiteMaaS rewrote most rows on every run (bug §5.1) and
 * ran six statements per retired model, this runs one.
 */

type OwnedColumn = (typeof SYNC_OWNED_COLUMNS)[number];

/** The SQL expression that reads parameter `:name` as the column's type. */
function parameterExpression([name, type]: OwnedColumn): string {
  if (type === 'text[]') return `ARRAY(SELECT jsonb_array_elements_text(:${name}::jsonb))`;
  return `:${name}::${type === 'integer' ? 'int' : type}`;
}

/** Columns in the port's result conventions: text, integers and booleans only. */
function readExpression([name, type]: OwnedColumn): string {
  if (type === 'text[]') return `array_to_json(${name})::text AS ${name}`;
  if (type === 'numeric' || type === 'jsonb') return `${name}::text AS ${name}`;
  return name;
}

const READ_MODEL: SqlStatement = {
  name: 'baseline-read-model',
  text: `SELECT id, description, ${SYNC_OWNED_COLUMNS.map(readExpression).join(', ')}
FROM models WHERE id = :id::varchar`,
};

const INSERT_MODEL: SqlStatement = {
  name: 'baseline-insert-model',
  text: `INSERT INTO models (id, description, ${SYNC_OWNED_COLUMNS.map(([name]) => name).join(', ')})
VALUES (:id::varchar, :description::text, ${SYNC_OWNED_COLUMNS.map(parameterExpression).join(', ')})`,
};

const UPDATE_MODEL: SqlStatement = {
  name: 'baseline-update-model',
  text: `UPDATE models SET ${SYNC_OWNED_COLUMNS.map((column) => `${column[0]} = ${parameterExpression(column)}`).join(', ')},
  description = coalesce(description, :description::text)
WHERE id = :id::varchar`,
};

const LIST_AVAILABLE: SqlStatement = {
  name: 'baseline-list-available',
  text: `SELECT id FROM models WHERE availability = 'available'`,
};

const RETIRE_MODEL: SqlStatement = {
  name: 'baseline-retire-model',
  text: `UPDATE models SET availability = 'unavailable' WHERE id = :id::varchar`,
};

function parametersOf(row: DesiredModelRow): SqlParameters {
  const parameters: Record<string, string | number | boolean | null> = { id: row.id, description: row.description };
  for (const [name] of SYNC_OWNED_COLUMNS) {
    const value = row[name];
    parameters[name] = typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
  }
  return parameters;
}

/** Does the stored row differ from the wanted one in any column the sync owns? */
function differs(stored: SqlRow, wanted: DesiredModelRow): boolean {
  if (stored.description === null && wanted.description !== null) return true;
  return SYNC_OWNED_COLUMNS.some(([name, type]) => {
    const value = stored[name];
    if (type === 'text[]' || type === 'jsonb') {
      return !isDeepStrictEqual(typeof value === 'string' ? JSON.parse(value) : value, wanted[name]);
    }
    return value !== wanted[name];
  });
}

export interface RowAtATimeResult {
  added: number;
  updated: number;
  retired: number;
}

/** One sync, the row-at-a-time way. */
export async function syncRowAtATime(
  database: DatabasePort,
  litellm: { url: string; apiKey: string },
): Promise<RowAtATimeResult> {
  const catalog = buildCatalog((await plainModelInfo(litellm.url, litellm.apiKey)).data);
  const result: RowAtATimeResult = { added: 0, updated: 0, retired: 0 };
  for (const row of catalog.rows) {
    const [stored] = await database.execute(READ_MODEL, { id: row.id });
    if (stored === undefined) {
      await database.execute(INSERT_MODEL, parametersOf(row));
      result.added += 1;
    } else if (differs(stored, row)) {
      await database.execute(UPDATE_MODEL, parametersOf(row));
      result.updated += 1;
    }
  }
  const wanted = new Set(catalog.rows.map((row) => row.id));
  const available = await database.execute(LIST_AVAILABLE);
  for (const { id } of available) {
    if (typeof id !== 'string' || wanted.has(id)) continue;
    await database.transaction((session) => session.execute(RETIRE_MODEL, { id }));
    result.retired += 1;
  }
  return result;
}
