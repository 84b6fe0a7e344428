import { mergeDeployments } from './merge.js';
import { parseEntries } from './parse-entries.js';
import { DEFAULT_CATALOG_RULES, selectDeployments } from './select-deployments.js';
import type { CatalogRules } from './select-deployments.js';
import type { Catalog, Deployment, DesiredModelRow } from './types.js';

/** Column widths of the LiteMaaS `models` table for the text the sync derives. */
const COLUMN_WIDTHS: Partial<Record<keyof DesiredModelRow, number>> = {
  provider: 100,
  api_base: 500,
  litellm_model_id: 255,
  backend_model_name: 255,
};

/**
 * Most bytes one model's row may take. A row is written in one database request (the Data API
 * takes at most 4 MiB), so one absurd entry must be skipped rather than fail the whole sync.
 */
const MAX_ROW_BYTES = 1_000_000;

function rowProblem(row: DesiredModelRow): string | null {
  for (const [column, width] of Object.entries(COLUMN_WIDTHS)) {
    const value = row[column as keyof DesiredModelRow];
    if (typeof value === 'string' && [...value].length > width) {
      return `its ${column} is longer than the column's ${width} characters`;
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(row));
  if (bytes > MAX_ROW_BYTES) return `its LiteLLM data takes ${bytes} bytes, more than the ${MAX_ROW_BYTES} one model may take`;
  return null;
}

/**
 * Turns `/model/info` entries into the wanted `models` rows: validates entries, leaves out what
 * users cannot call or the operator does not publish (contract §7), merges deployments that share a
 * `model_name`, and reports what could not be used. Rows, paused and ignored names are sorted by name.
 */
export function buildCatalog(entries: unknown[], rules: CatalogRules = DEFAULT_CATALOG_RULES): Catalog {
  const { deployments, errors } = parseEntries(entries);
  const byName = new Map<string, Deployment[]>();
  for (const deployment of deployments) {
    const group = byName.get(deployment.modelName);
    if (group === undefined) byName.set(deployment.modelName, [deployment]);
    else group.push(deployment);
  }
  const catalog: Catalog = { rows: [], paused: [], ignored: [], errors, servedModels: byName.size };
  for (const [name, group] of [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const selection = selectDeployments(name, group, rules);
    if (selection.kind === 'ignored') catalog.ignored.push(selection.ignored);
    else if (selection.kind === 'paused') catalog.paused.push(name);
    else {
      const row = mergeDeployments(selection.deployments);
      const problem = rowProblem(row);
      if (problem === null) catalog.rows.push(row);
      else errors.push(`Skipped model "${name}": ${problem}. Fix the model in LiteLLM.`);
    }
  }
  return catalog;
}
