import type { DatabasePort } from '../lib/db/port.js';

/** A `models` row as LiteMaaS users see it in the portal's model list. */
export interface ModelView {
  id: string;
  name: string;
  availability: string;
  provider: string;
  contextLength: number | null;
  /** Exact decimal text, as stored (DECIMAL(15,10)). */
  inputCostPerToken: string | null;
  outputCostPerToken: string | null;
  restrictedAccess: boolean;
}

/**
 * Every row, by id. `restricted_access` is read through the row's JSON: a LiteMaaS older than the
 * column, never synced by this version, lacks it, and this command must not add it.
 */
const LIST_MODELS = {
  name: 'list-models',
  text: `SELECT id, name, provider, availability, context_length,
      input_cost_per_token::text AS input_cost_per_token, output_cost_per_token::text AS output_cost_per_token,
      COALESCE((to_jsonb(models) ->> 'restricted_access')::boolean, false) AS restricted_access
    FROM models ORDER BY id`,
};

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The `models` rows, read in one statement that changes nothing. */
export async function listModels(database: DatabasePort): Promise<ModelView[]> {
  const rows = await database.execute(LIST_MODELS);
  return rows.map((row) => ({
    id: String(row.id),
    name: String(row.name),
    availability: text(row.availability) ?? '',
    provider: String(row.provider),
    contextLength: typeof row.context_length === 'number' ? row.context_length : null,
    inputCostPerToken: text(row.input_cost_per_token),
    outputCostPerToken: text(row.output_cost_per_token),
    restrictedAccess: row.restricted_access === true,
  }));
}
