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

/** SQL that is true when the write of `after` over `before` changes column `name`. */
function columnDiffers(name: string, before: string, after: string): string {
  // A stored description is kept (admins own it once set); only filling an empty one changes it.
  return name === 'description'
    ? `${before}.description IS NULL AND ${after}.description IS NOT NULL`
    : `${before}.${name} IS DISTINCT FROM ${after}.${name}`;
}

/** SQL for the bit mask of the columns that differ between the rows `before` and `after`. */
export function changedColumnMask(before: string, after: string): string {
  return CHANGED_COLUMN_BITS.map((name, bit) => `(CASE WHEN ${columnDiffers(name, before, after)} THEN ${2 ** bit} ELSE 0 END)`).join(' | ');
}

/**
 * SQL for a jsonb object of the columns that differ between `before` and `after`, each as
 * `{"old": …, "new": …}`: what the change journal keeps of an update.
 */
export function changedColumnValues(before: string, after: string): string {
  return CHANGED_COLUMN_BITS.map((name) => {
    const values = name === 'metadata' ? changedMetadataKeys(before, after) : `jsonb_build_object('old', to_jsonb(${before}.${name}), 'new', to_jsonb(${after}.${name}))`;
    return `(CASE WHEN ${columnDiffers(name, before, after)} THEN jsonb_build_object('${name}', ${values}) ELSE '{}'::jsonb END)`;
  }).join(' || ');
}

/** The objects inside `metadata` whose keys are compared one by one (the rest as wholes). */
const NESTED_METADATA = ['litellm_model_info', 'litellm_params'];

/**
 * SQL for what changed inside `metadata`, as `{"litellm_model_info.max_tokens": {"old", "new"}, …}`:
 * the whole `model_info` of both versions would be most of the journal, for one changed key.
 */
function changedMetadataKeys(before: string, after: string): string {
  const keysOf = (value: string): string => `(CASE WHEN jsonb_typeof(${value}) = 'object' THEN ${value} ELSE '{}'::jsonb END)`;
  const nested = NESTED_METADATA.map((name) => `'${name}'`).join(', ');
  return `(SELECT coalesce(jsonb_object_agg(d.path, jsonb_build_object('old', d.old_value, 'new', d.new_value)), '{}'::jsonb)
    FROM (
      SELECT t.top || '.' || k.sub AS path, ${before}.metadata -> t.top -> k.sub AS old_value, ${after}.metadata -> t.top -> k.sub AS new_value
      FROM unnest(ARRAY[${nested}]) AS t(top)
      CROSS JOIN LATERAL (
        SELECT jsonb_object_keys(${keysOf(`${before}.metadata -> t.top`)}) UNION SELECT jsonb_object_keys(${keysOf(`${after}.metadata -> t.top`)})
      ) AS k(sub)
      UNION ALL
      SELECT k.top, ${before}.metadata -> k.top, ${after}.metadata -> k.top
      FROM (SELECT jsonb_object_keys(${keysOf(`${before}.metadata`)}) UNION SELECT jsonb_object_keys(${keysOf(`${after}.metadata`)})) AS k(top)
      WHERE k.top NOT IN (${nested})
    ) AS d
    WHERE d.old_value IS DISTINCT FROM d.new_value)`;
}

/** The column names a `changed_columns` mask stands for, in column order. */
export function changedColumnNames(mask: number): string[] {
  return CHANGED_COLUMN_BITS.filter((_, bit) => (mask & (2 ** bit)) !== 0);
}
