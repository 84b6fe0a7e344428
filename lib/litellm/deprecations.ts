import { stripUrlCredentials } from '../credentials.js';
import { readBodyStart } from './read-body-start.js';
import type { LiteLLMConnection } from './client.js';
import { deprecationDateOf, successorOf } from '../catalog/deprecations.js';
import type { Deprecation } from '../catalog/deprecations.js';

/** What `/model/deprecations` told, by model name, or why it told nothing. */
export type ListedDeprecations =
  | { kind: 'listed'; byModel: Map<string, Deprecation> }
  | { kind: 'unavailable'; warning: string };

/** A deprecation list is a few KB; anything far larger is not one and is not read. */
const MAX_DEPRECATIONS_BYTES = 5_000_000;
const LISTS = ['deprecated', 'imminent', 'upcoming'] as const;

/** The earlier of two deprecations for one name (two deployments may retire on different days). */
function earlier(a: Deprecation | undefined, b: Deprecation): Deprecation {
  return a === undefined || b.deprecationDate < a.deprecationDate ? b : a;
}

function parseListed(body: unknown): Map<string, Deprecation> | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const lists = LISTS.map((name) => (body as Record<string, unknown>)[name]);
  if (!lists.every(Array.isArray)) return undefined;
  const byModel = new Map<string, Deprecation>();
  for (const entry of (lists as unknown[][]).flat()) {
    if (entry === null || typeof entry !== 'object') continue;
    const { model_name: modelName, deprecation_date: date, successor_model: successor } = entry as Record<string, unknown>;
    const deprecationDate = deprecationDateOf(date);
    if (typeof modelName !== 'string' || deprecationDate === null) continue;
    byModel.set(modelName, earlier(byModel.get(modelName), { deprecationDate, successorModel: successorOf(successor) }));
  }
  return byModel;
}

function unavailable(reason: string): ListedDeprecations {
  return {
    kind: 'unavailable',
    warning: `LiteLLM's /model/deprecations ${reason}: deprecation dates come from model_info alone this run.`,
  };
}

/**
 * Reads `GET {baseUrl}/model/deprecations` (LiteLLM 1.108 and later): the retirement dates of the
 * cost map and of `model_info`, which `/model/info` does not carry for cost-map models. Advisory:
 * one attempt, and a 404 (an older proxy), an error or a malformed answer is returned as a warning,
 * never thrown, so that it can never fail a sync.
 */
export async function fetchDeprecations(connection: LiteLLMConnection, timeoutMs: number): Promise<ListedDeprecations> {
  const url = `${stripUrlCredentials(connection.baseUrl).replace(/\/+$/, '')}/model/deprecations`;
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${connection.apiKey}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    if (response.status < 200 || response.status >= 300) {
      // An error's body is never read: the status alone says it (LiteLLM's error text may name
      // internal hosts, and warnings reach readers).
      await response.body?.cancel();
      if (response.status === 404) return unavailable('is not served by this proxy (LiteLLM before 1.108 answers 404)');
      return unavailable(`answered HTTP ${response.status}`);
    }
    // One byte more than allowed tells a complete list from a cut one.
    const text = await readBodyStart(response.body, MAX_DEPRECATIONS_BYTES + 1);
    if (Buffer.byteLength(text) > MAX_DEPRECATIONS_BYTES) return unavailable(`answer is larger than ${MAX_DEPRECATIONS_BYTES} bytes`);
    const byModel = parseListed(JSON.parse(text));
    return byModel === undefined ? unavailable('answer is not a deprecation list') : { kind: 'listed', byModel };
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'answer is not JSON' : 'could not be read (timeout or network error)';
    return unavailable(reason);
  }
}
