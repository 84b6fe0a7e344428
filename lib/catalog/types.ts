import type { Deprecation } from './deprecations.js';

/** One LiteLLM deployment as `/model/info` lists it, after shape validation. */
export interface Deployment {
  /** Its position in LiteLLM's list (0-based). */
  entryIndex: number;
  modelName: string;
  litellmParams: Record<string, unknown>;
  modelInfo: Record<string, unknown>;
}

/**
 * The columns of a LiteMaaS `models` row that the sync owns, as it wants them to be.
 * Costs are decimal strings with the column's scale (DECIMAL(15,10)) so that comparing them with
 * what PostgreSQL stored is exact.
 */
export interface DesiredModelRow {
  id: string;
  name: string;
  provider: string;
  description: string | null;
  category: string;
  context_length: number | null;
  input_cost_per_token: string | null;
  output_cost_per_token: string | null;
  supports_vision: boolean;
  supports_function_calling: boolean;
  supports_tool_choice: boolean;
  supports_parallel_function_calling: boolean;
  supports_streaming: boolean;
  features: string[];
  availability: 'available';
  version: string;
  metadata: {
    litellm_model_info: Record<string, unknown>;
    litellm_params: Record<string, unknown>;
    /** `YYYY-MM-DD` the provider retires the model (docs/contract.md §2); absent when none is known. */
    deprecationDate?: string;
    /** The replacement LiteLLM's admin named; absent when none is named. */
    successorModel?: string;
  };
  api_base: string | null;
  tpm: number | null;
  rpm: number | null;
  max_tokens: number | null;
  litellm_model_id: string | null;
  backend_model_name: string | null;
}

/** Why a LiteLLM entry was deliberately left out of the catalog (none of these is an error). */
export type IgnoredReason = 'wildcard' | 'team-only' | 'filtered' | 'paused-new';

export interface IgnoredModel {
  model: string;
  reason: IgnoredReason;
}

/** The merged catalog: one row per published model name, sorted by id, and what was left out. */
export interface Catalog {
  rows: DesiredModelRow[];
  /** Names LiteLLM lists whose every deployment is paused: their rows become unavailable. */
  paused: string[];
  /** Names deliberately left out, with why (a paused name is added here once known to be new). */
  ignored: IgnoredModel[];
  /** Entries that could not be used: these make the run fail while the rest is applied. */
  errors: string[];
  /** Distinct model names in LiteLLM's answer: published, paused, left out or skipped alike. */
  servedModels: number;
}

/** A model the catalog publishes, before its row is made. */
export interface SelectedModel {
  id: string;
  /** The deployments its row is merged from (callable, offered), as selecting saw them. */
  deployments: Deployment[];
  /** The retirement its row carries (`metadata.deprecationDate`/`successorModel`), if any. */
  deprecation: Deprecation | undefined;
}

/** The catalog as selected: what is published, paused and left out; rows not made yet. */
export type SelectedCatalog = Omit<Catalog, 'rows'> & { models: SelectedModel[] };
