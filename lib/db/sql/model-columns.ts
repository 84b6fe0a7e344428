/**
 * The `models` columns the sync owns, with the SQL types used to read them from JSON.
 * `description` is not here: it is only filled while empty (admins own it once set).
 * `restricted_access` and `encrypted_api_key` are LiteMaaS's: sync never updates them (it only sets
 * `restricted_access` when it inserts a row, see UPSERT_MODELS).
 */
export const SYNC_OWNED_COLUMNS = [
  ['name', 'varchar'],
  ['provider', 'varchar'],
  ['category', 'varchar'],
  ['context_length', 'integer'],
  ['input_cost_per_token', 'numeric'],
  ['output_cost_per_token', 'numeric'],
  ['supports_vision', 'boolean'],
  ['supports_function_calling', 'boolean'],
  ['supports_tool_choice', 'boolean'],
  ['supports_parallel_function_calling', 'boolean'],
  ['supports_streaming', 'boolean'],
  ['features', 'text[]'],
  ['availability', 'varchar'],
  ['version', 'varchar'],
  ['metadata', 'jsonb'],
  ['api_base', 'varchar'],
  ['tpm', 'integer'],
  ['rpm', 'integer'],
  ['max_tokens', 'integer'],
  ['litellm_model_id', 'varchar'],
  ['backend_model_name', 'varchar'],
] as const;

const names = SYNC_OWNED_COLUMNS.map(([name]) => name);

/** `name, provider, …` */
export const OWNED_COLUMN_LIST = names.join(', ');
/** `prefix.name, prefix.provider, …` */
export function qualifiedColumns(prefix: string): string {
  return names.map((name) => `${prefix}.${name}`).join(', ');
}
/** `name = EXCLUDED.name, …` */
export const OWNED_COLUMN_ASSIGNMENTS = names.map((name) => `${name} = EXCLUDED.${name}`).join(',\n    ');
/** `name varchar, provider varchar, …` for `jsonb_to_recordset`. */
export const OWNED_COLUMN_DEFINITIONS = SYNC_OWNED_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ');
