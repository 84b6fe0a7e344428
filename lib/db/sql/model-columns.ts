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

/**
 * The columns a change report names, in bit order: bit `i` of a `changed_columns` mask stands for
 * `CHANGED_COLUMN_BITS[i]`. The owned columns, then `description` (filled while empty).
 */
export const CHANGED_COLUMN_BITS: readonly string[] = [...names, 'description'];

/** SQL for the bit mask of the columns that differ between the rows `before` and `after`. */
export function changedColumnMask(before: string, after: string): string {
  return CHANGED_COLUMN_BITS.map((name, bit) => {
    // A stored description is kept (admins own it once set); only filling an empty one changes it.
    const differs =
      name === 'description'
        ? `${before}.description IS NULL AND ${after}.description IS NOT NULL`
        : `${before}.${name} IS DISTINCT FROM ${after}.${name}`;
    return `(CASE WHEN ${differs} THEN ${2 ** bit} ELSE 0 END)`;
  }).join(' | ');
}

/** The column names a `changed_columns` mask stands for, in column order. */
export function changedColumnNames(mask: number): string[] {
  return CHANGED_COLUMN_BITS.filter((_, bit) => (mask & (2 ** bit)) !== 0);
}
