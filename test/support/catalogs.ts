import { createHash } from 'node:crypto';

/** Small `/model/info` entries for building fault catalogs. */

/** A valid deployment of `name`, with overrides merged into its parts. */
export function deployment(
  name: unknown,
  overrides: { litellm_params?: Record<string, unknown>; model_info?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const id = typeof name === 'string' ? `id-${createHash('sha256').update(name).digest('hex').slice(0, 16)}` : 'id-odd';
  return {
    model_name: name,
    litellm_params: { model: `openai/${id}`, ...overrides.litellm_params },
    model_info: { id, max_input_tokens: 8192, max_output_tokens: 4096, ...overrides.model_info },
  };
}

/** `count` distinct valid deployments named `prefix-00001`, … */
export function manyDeployments(count: number, prefix = 'bulk'): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => deployment(`${prefix}-${String(index + 1).padStart(5, '0')}`));
}
