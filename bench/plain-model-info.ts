/**
 * `/model/info` read as LiteMaaS reads it: one `fetch`, the whole answer parsed at once (no
 * streaming, no compressed texts). The row-at-a-time baseline syncs from it, and the local-work
 * target measures our sync against its time.
 */
export async function plainModelInfo(litellmUrl: string, apiKey: string): Promise<{ data: unknown[] }> {
  const response = await fetch(`${litellmUrl}/model/info`, { headers: { authorization: `Bearer ${apiKey}` } });
  if (!response.ok) throw new Error(`LiteLLM answered HTTP ${response.status}`);
  const parsed = (await response.json()) as { data?: unknown };
  if (!Array.isArray(parsed.data)) throw new Error('LiteLLM answered no model list');
  return { data: parsed.data };
}
