import { deployment } from './catalogs.js';
import { SENTINEL_MASTER_KEY } from './reliability-database.js';

/**
 * Every secret the suite plants contains this marker, so one search finds any of them:
 * the master key (SENTINEL_MASTER_KEY) and the credentials below.
 */
const SENTINEL_MARKER = 'SENTINEL';

export const SENTINEL_CREDENTIALS = {
  apiKey: 'sk-SENTINEL-PROVIDER-API-KEY-a1',
  bearer: 'Bearer SENTINEL-BEARER-TOKEN-b2',
  awsSecret: 'SENTINEL-AWS-SECRET-ACCESS-KEY-c3',
  urlPassword: 'SENTINEL-URL-PASSWORD-d4',
  clientSecret: 'SENTINEL-CLIENT-SECRET-e5',
  vertex: '{"private_key":"-----BEGIN PRIVATE KEY-----SENTINEL-VERTEX-f6"}',
  camelKey: 'SENTINEL-CAMEL-API-KEY-g7',
  masked: 'SENTINEL****h8',
  queryKey: 'SENTINEL-QUERY-API-KEY-i9',
} as const;

/** All planted secret values, for searches that want each one by name. */
export const ALL_SENTINELS: readonly string[] = [SENTINEL_MASTER_KEY, ...Object.values(SENTINEL_CREDENTIALS)];

/**
 * `/model/info` entries whose `litellm_params` carry every kind of credential LiteLLM may leak:
 * `api_key`, an `Authorization` header, AWS keys, a URL with `user:password@`, a client secret,
 * Vertex credentials, a camelCase key, a partly masked token and a key in a URL's query string.
 */
export function entriesWithSecrets(): unknown[] {
  const c = SENTINEL_CREDENTIALS;
  return [
    deployment('secret-openai', {
      litellm_params: {
        api_key: c.apiKey,
        api_base: `https://litemaas:${c.urlPassword}@llm.example.com/v1`,
        extra_headers: { Authorization: c.bearer, 'X-Request-Source': 'litemaas', 'X-Gateway-Token': c.masked },
        litellm_credential_name: 'shared-openai',
      },
    }),
    deployment('secret-bedrock', {
      litellm_params: {
        model: 'bedrock/anthropic.claude-3',
        aws_access_key_id: 'AKIA-SENTINEL-ID',
        aws_secret_access_key: c.awsSecret,
        aws_region_name: 'eu-west-1',
        proxy_url: `http://proxy-user:${c.urlPassword}@proxy.internal:3128`,
      },
    }),
    deployment('secret-azure', {
      litellm_params: {
        api_base: `https://azure.example.com/openai?api-version=2024-06-01&api-key=${c.queryKey}`,
        client_secret: c.clientSecret,
        vertex_credentials: c.vertex,
        nested: { deeper: { apiKey: c.camelKey, list: [{ password: c.urlPassword }] } },
      },
    }),
  ];
}

/** The planted secrets found in a text (empty when none leaked). */
export function leakedSecrets(text: string): string[] {
  const found = ALL_SENTINELS.filter((secret) => text.includes(secret));
  if (found.length === 0 && text.includes(SENTINEL_MARKER)) {
    const at = text.indexOf(SENTINEL_MARKER);
    found.push(`…${text.slice(Math.max(0, at - 30), at + 40)}…`);
  }
  return found;
}
