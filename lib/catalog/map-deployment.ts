import { stripUrlCredentials } from '../credentials.js';
import { scrubCredentials } from './scrub.js';
import type { Deployment, DesiredModelRow } from './types.js';
import { firstCost, nonEmptyText, parseCount, storableJson } from './values.js';

/** The four capability flags that are OR-ed across deployments of one model. */
export const MERGED_FLAGS = [
  'supports_vision',
  'supports_function_calling',
  'supports_tool_choice',
  'supports_parallel_function_calling',
] as const;
export type MergedFlag = (typeof MERGED_FLAGS)[number];

function text(value: unknown): string | null {
  return nonEmptyText(value);
}

/** `openai/RedHatAI/Qwen` → provider `openai`, backend `RedHatAI/Qwen` (split at the first `/`). */
function splitModelPath(model: string | null): { prefix: string | null; backend: string | null } {
  if (model === null) return { prefix: null, backend: null };
  const slash = model.indexOf('/');
  if (slash < 0) return { prefix: null, backend: model };
  return { prefix: text(model.slice(0, slash)), backend: text(model.slice(slash + 1)) };
}

function providerOf(params: Record<string, unknown>, info: Record<string, unknown>): string {
  return (
    text(params.custom_llm_provider) ??
    splitModelPath(text(params.model)).prefix ??
    text(info.litellm_provider) ??
    'unknown'
  );
}

/** Features in the fixed order LiteMaaS compares them (contract §2; LiteMaaS bug §5.1). */
export function deriveFeatures(
  info: Record<string, unknown>,
  flags: Record<MergedFlag, boolean>,
): string[] {
  const isEmbedding =
    info.supports_embeddings === true || info.supports_embedding === true || info.mode === 'embedding';
  const features = [isEmbedding ? 'embeddings' : info.supports_convert === true ? 'convert' : 'chat'];
  if (flags.supports_function_calling) features.push('function_calling');
  if (flags.supports_parallel_function_calling) features.push('parallel_function_calling');
  if (flags.supports_tool_choice) features.push('tool_choice');
  if (flags.supports_vision) features.push('vision');
  if (info.supports_tokenize === true) features.push('tokenize');
  return features;
}

function flagsOf(info: Record<string, unknown>): Record<MergedFlag, boolean> {
  return Object.fromEntries(MERGED_FLAGS.map((flag) => [flag, info[flag] === true])) as Record<
    MergedFlag,
    boolean
  >;
}

function modelIdOf(info: Record<string, unknown>): string | null {
  const id = info.id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return text(id);
}

/** Maps one deployment to the row it would produce on its own (contract §2). */
export function mapDeployment(deployment: Deployment): DesiredModelRow {
  const params = deployment.litellmParams;
  const info = deployment.modelInfo;
  const flags = flagsOf(info);
  const apiBase = text(params.api_base);
  return {
    id: deployment.modelName,
    name: deployment.modelName,
    provider: providerOf(params, info),
    description: text(info.description),
    category: 'Language Model',
    context_length: parseCount(info.max_input_tokens) ?? parseCount(info.max_tokens),
    input_cost_per_token: firstCost(info.input_cost_per_token, params.input_cost_per_token),
    output_cost_per_token: firstCost(info.output_cost_per_token, params.output_cost_per_token),
    ...flags,
    supports_streaming: true,
    features: deriveFeatures(info, flags),
    availability: 'available',
    version: '1.0',
    metadata: {
      // model_info is stored whole (its keys are LiteLLM's own, such as `key`, and cannot be judged
      // by name): only credentials inside its URLs are removed, in the same walk.
      litellm_model_info: storableJson(info, stripUrlCredentials) as Record<string, unknown>,
      litellm_params: storableJson(scrubCredentials(params)) as Record<string, unknown>,
    },
    api_base: apiBase === null ? null : stripUrlCredentials(apiBase),
    tpm: parseCount(params.tpm),
    rpm: parseCount(params.rpm),
    max_tokens: parseCount(info.max_output_tokens) ?? parseCount(info.max_tokens),
    litellm_model_id: modelIdOf(info),
    backend_model_name: splitModelPath(text(params.model)).backend,
  };
}
