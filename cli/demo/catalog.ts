/**
 * The demo's sample LiteLLM catalog: one of each thing the sync handles, written as a proxy config
 * (JSON is YAML). Every deployment points at a closed port on 127.0.0.1 with a dummy key: the proxy
 * serves /model/info from this list and never calls a provider.
 */
const NOWHERE = 'http://127.0.0.1:9/v1';
const DUMMY_KEY = 'sk-demo-upstream-not-a-real-key';

interface Deployment {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info?: Record<string, unknown>;
}

/** The model whose only deployment an admin pauses between the demo's two syncs. */
export const PAUSED_IN_CHANGE = 'qwen-coder';

function deployment(name: string, model: string, params: Record<string, unknown> = {}, info?: Record<string, unknown>): Deployment {
  return {
    model_name: name,
    litellm_params: { model, api_base: NOWHERE, api_key: DUMMY_KEY, ...params },
    ...(info === undefined ? {} : { model_info: info }),
  };
}

function deployments(paused: boolean): Deployment[] {
  return [
    // One name, two deployments: LiteLLM load-balances them; the sync publishes one row.
    deployment('chat', 'openai/gpt-4o-mini', { tpm: 1000, rpm: 10 }, { id: 'chat-a' }),
    deployment('chat', 'openai/gpt-4o-mini', { tpm: 2000, rpm: 20 }, { id: 'chat-b' }),
    // One of two deployments paused by an admin (model_info.blocked): left out of the merge.
    deployment('summarizer', 'openai/gpt-4o', { tpm: 500 }, { id: 'summarizer-1', blocked: true }),
    deployment('summarizer', 'openai/gpt-4o-mini', { tpm: 700 }, { id: 'summarizer-2' }),
    // A wildcard route: a routing rule, never a row.
    deployment('vllm-cluster/*', 'hosted_vllm/*'),
    // A self-hosted model described by its admin: model_info and costs of its own.
    deployment(
      PAUSED_IN_CHANGE,
      'openai/RedHatAI/Qwen2.5-Coder-32B-Instruct',
      { input_cost_per_token: 0.0000012, output_cost_per_token: 0.0000035 },
      {
        id: 'qwen-coder-1',
        description: 'Qwen coder on our own GPUs',
        max_input_tokens: 32768,
        max_output_tokens: 8192,
        supports_function_calling: true,
        ...(paused ? { blocked: true } : {}),
      },
    ),
    // An embedding model, known to LiteLLM's cost map.
    deployment('embed-small', 'openai/text-embedding-3-small'),
  ];
}

/** The proxy config: the sample catalog, or the same with PAUSED_IN_CHANGE's deployment paused. */
export function demoProxyConfig(options: { paused: boolean }): string {
  return JSON.stringify(
    {
      model_list: deployments(options.paused),
      litellm_settings: { telemetry: false, drop_params: true },
      general_settings: { disable_spend_logs: true },
    },
    null,
    2,
  );
}
