import type { Deprecation } from './deprecations.js';
import type { ViewShape } from '../litellm/entry-view.js';
import { deprecationMetadata, deprecationOfModelInfos } from './deprecations.js';
import { mergeDeployments } from './merge.js';
import { parseEntries } from './parse-entries.js';
import { DEFAULT_CATALOG_RULES, selectDeployments } from './select-deployments.js';
import type { CatalogRules } from './select-deployments.js';
import type { Catalog, Deployment, DesiredModelRow, SelectedCatalog } from './types.js';

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
 * The members of a `/model/info` entry that `selectCatalog` reads: everything needed to decide
 * what is published, and each model's retirement, without parsing the entry whole.
 */
export const SELECTION_VIEW: ViewShape = {
  model_name: true,
  model_info: { team_id: true, blocked: true, deprecation_date: true, successor_model: true },
};

/** The deployments of each name, in LiteLLM's order, by name in sorted order. */
function groupByName(deployments: Deployment[]): [string, Deployment[]][] {
  const byName = new Map<string, Deployment[]>();
  for (const deployment of deployments) {
    const group = byName.get(deployment.modelName);
    if (group === undefined) byName.set(deployment.modelName, [deployment]);
    else group.push(deployment);
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Decides what the catalog publishes from `/model/info` entries — or their views, with the members
 * `SELECTION_VIEW` names, which is all this reads: validates entries, leaves out what users cannot
 * call or the operator does not publish (contract §7), and gives each published name its
 * deployments and its retirement (`model_info` first, else what `/model/deprecations` lists).
 * Models, paused and ignored names are sorted by name.
 */
export function selectCatalog(
  entries: unknown[],
  rules: CatalogRules = DEFAULT_CATALOG_RULES,
  listed: ReadonlyMap<string, Deprecation> = new Map(),
): SelectedCatalog {
  const { deployments, errors } = parseEntries(entries);
  const groups = groupByName(deployments);
  const catalog: SelectedCatalog = { models: [], paused: [], ignored: [], errors, servedModels: groups.length };
  for (const [name, group] of groups) {
    const selection = selectDeployments(name, group, rules);
    if (selection.kind === 'ignored') catalog.ignored.push(selection.ignored);
    else if (selection.kind === 'paused') catalog.paused.push(name);
    else {
      const announced = deprecationOfModelInfos(selection.deployments.map((deployment) => deployment.modelInfo));
      catalog.models.push({ id: name, deployments: selection.deployments, deprecation: announced ?? listed.get(name) });
    }
  }
  return catalog;
}

/**
 * Makes a published model's row from its deployments, parsed in full; or says why it cannot be
 * written (a column too wide, more data than one request may carry).
 */
export function makeRow(deployments: Deployment[], deprecation: Deprecation | undefined): { row: DesiredModelRow } | { problem: string } {
  const merged = mergeDeployments(deployments);
  const row = { ...merged, metadata: { ...merged.metadata, ...deprecationMetadata(deprecation) } };
  const problem = rowProblem(row);
  return problem === null ? { row } : { problem: `Skipped model "${row.id}": ${problem}. Fix the model in LiteLLM.` };
}

/**
 * Turns `/model/info` entries into the wanted `models` rows at once (`selectCatalog`, then
 * `makeRow` for every published model), and reports what could not be used. A sync makes rows
 * only for the models it sends (`lib/sync/load-catalog.ts`); this is the whole picture, for the
 * mapping's tests and the benchmark's baseline.
 */
export function buildCatalog(entries: unknown[], rules: CatalogRules = DEFAULT_CATALOG_RULES, listed?: ReadonlyMap<string, Deprecation>): Catalog {
  const { models, ...selected } = selectCatalog(entries, rules, listed);
  const catalog: Catalog = { ...selected, rows: [] };
  for (const model of models) {
    const made = makeRow(model.deployments, model.deprecation);
    if ('row' in made) catalog.rows.push(made.row);
    else catalog.errors.push(made.problem);
  }
  return catalog;
}
