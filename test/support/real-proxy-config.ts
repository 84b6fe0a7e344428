import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

/**
 * The one config the real LiteLLM proxy of test/litellm-proxy/real-proxy.test.ts serves:
 * test/litellm-proxy/config.yaml plus deprecated, imminent and upcoming models and a router alias.
 * One proxy for both catalogs, as a start costs about 11 s of CPU (Python importing the proxy). The
 * deprecation dates are relative to today, so that "imminent" stays imminent whenever the suite
 * runs; that part is why the config is written at run time.
 */
const CONFIG_YAML = fileURLToPath(new URL('../litellm-proxy/config.yaml', import.meta.url));
const DAY_MS = 86_400_000;

/** The date `offset` days from today, as LiteLLM's `deprecation_date` writes it (YYYY-MM-DD). */
export function dayFromToday(offset: number): string {
  return new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
}

/** The rows the deprecation models and the alias make; the rest of the catalog is config.yaml's. */
export const DEPRECATION_MODEL_IDS: readonly string[] = ['chat-latest', 'cost-map-retired', 'deprecated-chat', 'imminent-chat', 'successor-chat', 'upcoming-chat'];

interface Deployment {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info?: Record<string, unknown>;
}

function deployment(name: string, model: string, modelInfo?: Record<string, string>): Deployment {
  return {
    model_name: name,
    litellm_params: { model, api_base: 'http://127.0.0.1:9/v1', api_key: 'sk-upstream-dummy' },
    ...(modelInfo === undefined ? {} : { model_info: modelInfo }),
  };
}

function deprecationDeployments(): Deployment[] {
  return [
    deployment('imminent-chat', 'openai/in-house-chat', { deprecation_date: dayFromToday(10), successor_model: 'successor-chat' }),
    deployment('upcoming-chat', 'openai/in-house-chat-2', { deprecation_date: dayFromToday(200) }),
    deployment('deprecated-chat', 'openai/in-house-chat-0', { deprecation_date: dayFromToday(-5) }),
    // No date in model_info: LiteLLM's cost map retired computer-use-preview on 2026-07-23.
    deployment('cost-map-retired', 'openai/computer-use-preview'),
    deployment('successor-chat', 'openai/gpt-4o'),
  ];
}

/**
 * Writes the proxy config into `dir` and returns its path.
 *
 * @example
 * const proxy = await startRealLiteLLMProxy({ configPath: writeRealProxyConfig(dir), masterKey });
 */
export function writeRealProxyConfig(dir: string): string {
  const config = parse(readFileSync(CONFIG_YAML, 'utf8')) as { model_list: Deployment[] } & Record<string, unknown>;
  const merged = {
    ...config,
    model_list: [...config.model_list, ...deprecationDeployments()],
    router_settings: { model_group_alias: { 'chat-latest': 'successor-chat' } },
  };
  const path = join(dir, 'config.yaml');
  writeFileSync(path, stringify(merged));
  return path;
}
