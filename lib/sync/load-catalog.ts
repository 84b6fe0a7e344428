import { makeRow, SELECTION_VIEW, selectCatalog } from '../catalog/build-catalog.js';
import { parseEntries } from '../catalog/parse-entries.js';
import type { SelectedCatalog, SelectedModel } from '../catalog/types.js';
import { fetchModelInfo } from '../litellm/client.js';
import { fetchDeprecations } from '../litellm/deprecations.js';
import type { ModelListEntry } from '../litellm/model-list-entry.js';
import { entryNotJsonError } from '../litellm/read-model-list.js';
import { fingerprintModel } from './fingerprint.js';
import type { FingerprintedRow } from './model-store.js';
import type { ResolvedSettings } from './settings.js';

/** A model the run publishes, with the fingerprint of what its row is made from. */
export interface PlannedModel extends SelectedModel {
  fingerprint: string;
}

/** The catalog a run plans with: its models selected and fingerprinted, no row made yet. */
export interface LoadedCatalog extends Omit<SelectedCatalog, 'models'> {
  models: PlannedModel[];
  /** LiteLLM answered "LLM Model List not loaded in". */
  notLoaded: boolean;
  /** What LiteLLM could not tell (never failures), e.g. that `/model/deprecations` did not answer. */
  warnings: string[];
  /** LiteLLM's entries, by position: a model's row is made from their text only when it is sent. */
  entries: readonly ModelListEntry[];
}

function parseEntry(entries: readonly ModelListEntry[], index: number): unknown {
  try {
    return JSON.parse(entries[index]?.text() ?? 'null');
  } catch {
    throw entryNotJsonError(index);
  }
}

/**
 * Entries that no published row is made from (paused, left out, skipped) are never mapped, so they
 * are checked here: an answer with an entry that is not JSON fails whole, as it always has.
 * Published entries are parsed when their row is made, or were when it was last written.
 */
function checkUnmappedEntries(entries: readonly ModelListEntry[], models: readonly SelectedModel[]): void {
  const mapped = new Set(models.flatMap((model) => model.deployments.map((deployment) => deployment.entryIndex)));
  entries.forEach((_, index) => {
    if (!mapped.has(index)) parseEntry(entries, index);
  });
}

/**
 * Fetches and selects the catalog and fingerprints each published model by its entries' digests:
 * no published entry is parsed whole and no row is made here, so an unchanged catalog costs about
 * what receiving it costs. `/model/deprecations` is asked at the same time (a few KB).
 */
export async function loadCatalog(settings: ResolvedSettings, litellmApiKey: string): Promise<LoadedCatalog> {
  const connection = { baseUrl: settings.litellmUrl, apiKey: litellmApiKey };
  const [answer, listed] = await Promise.all([
    fetchModelInfo(connection, settings.litellmRetry, settings.litellmMaxResponseBytes, SELECTION_VIEW),
    fetchDeprecations(connection, settings.litellmRetry.timeoutMs),
  ]);
  const { entries } = answer;
  const byModel = listed.kind === 'listed' ? listed.byModel : undefined;
  const { models, ...selected } = selectCatalog(
    entries.map((entry) => entry.view),
    settings.catalogRules,
    byModel,
  );
  checkUnmappedEntries(entries, models);
  return {
    ...selected,
    models: models.map((model) => ({
      ...model,
      fingerprint: fingerprintModel(
        model.deployments.map((deployment) => entries[deployment.entryIndex]?.digest ?? ''),
        model.deprecation,
      ),
    })),
    notLoaded: answer.notLoaded,
    warnings: listed.kind === 'unavailable' ? [listed.warning] : [],
    entries,
  };
}

/** A published model whose row cannot be written, and why (one line for the result's errors). */
export interface RowProblem {
  id: string;
  message: string;
}

/** Where a model's first deployment sits in LiteLLM's list. */
function firstEntryIndex(model: PlannedModel): number {
  return model.deployments[0]?.entryIndex ?? 0;
}

/**
 * The rows of `models`, each made from its entries' text, parsed again in full, as the upsert asks
 * for them: only one request's worth of rows exists at a time. A model whose row cannot be written
 * is added to `problems` instead. Models come in the order of their entries in LiteLLM's list, not
 * by name, so that each compressed block of entry texts is decoded about once (`PackedTexts`).
 */
export function* rowsToSend(
  catalog: Pick<LoadedCatalog, 'entries'>,
  models: readonly PlannedModel[],
  problems: RowProblem[],
): Generator<FingerprintedRow> {
  for (const model of [...models].sort((a, b) => firstEntryIndex(a) - firstEntryIndex(b))) {
    const entries = model.deployments.map((deployment) => parseEntry(catalog.entries, deployment.entryIndex));
    const made = makeRow(parseEntries(entries).deployments, model.deprecation);
    if ('row' in made) yield { row: made.row, fingerprint: model.fingerprint };
    else problems.push({ id: model.id, message: made.problem });
  }
}
