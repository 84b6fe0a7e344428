import { LiteLLMError } from '../errors.js';
import { redactKey } from './error-message.js';
import type { ViewShape } from './entry-view.js';
import type { ModelListEntry } from './model-list-entry.js';
import { ModelListScanner } from './model-list-scanner.js';

const BODY_PREVIEW_LENGTH = 60;

function notJson(status: number, preview: string, apiKey: string): LiteLLMError {
  const shown = redactKey(preview.replace(/\s+/g, ' '), apiKey);
  return new LiteLLMError(
    `LiteLLM's /model/info answer (HTTP ${status}) is not JSON (it starts with "${shown}"). ` +
      'Check that LITELLM_API_URL points at the LiteLLM proxy itself.',
    status,
  );
}

function noModelList(status: number, found: string): LiteLLMError {
  return new LiteLLMError(
    `LiteLLM's /model/info answer (HTTP ${status}) has no model list: "data" is ${found}. ` +
      'Check that LITELLM_API_URL points at a LiteLLM proxy.',
    status,
  );
}

/**
 * An entry of a model list whose text turned out not to be JSON when it was parsed whole (its
 * structure was checked as it arrived; its values are read only when its row is made).
 */
export function entryNotJsonError(index: number): LiteLLMError {
  return new LiteLLMError(
    `LiteLLM's /model/info answer is not JSON: entry #${index + 1} of its model list is not valid JSON. ` +
      'Check that LITELLM_API_URL points at the LiteLLM proxy itself.',
  );
}

/** The answer is larger than the configured cap: retrying would not make it smaller. */
export function tooLargeError(maxBytes: number): LiteLLMError {
  return new LiteLLMError(
    `LiteLLM's /model/info answer is larger than ${maxBytes} bytes (LITELLM_MAX_RESPONSE_BYTES), so the sync ` +
      'stopped reading it before running out of memory and changed nothing. If the catalog really is that ' +
      'large, raise LITELLM_MAX_RESPONSE_BYTES and the memory of whatever runs the sync.',
  );
}

function describeScalar(text: string): string {
  const value: unknown = JSON.parse(text);
  return value === null ? 'null' : `a ${typeof value}`;
}

/**
 * Reads a successful `/model/info` body into its entries, as it streams in: one entry per
 * deployment, or the single entry a proxy in CLI mode sends, each kept as the members `shape`
 * names, its digest and its text (`ModelListEntry`). Network failures while reading are thrown as they come (the
 * caller retries them); a body that is not a model list is a LiteLLMError. Only the structure of
 * an entry is checked here: a member that is not valid JSON is found when the entry is parsed.
 */
export async function readModelList(
  body: AsyncIterable<Uint8Array> | null,
  answer: { status: number; apiKey: string; maxBytes: number; shape: ViewShape },
): Promise<ModelListEntry[]> {
  const { status, apiKey, maxBytes } = answer;
  const scanner = new ModelListScanner(answer.shape);
  const decoder = new TextDecoder();
  let preview = '';
  // Kept only while the body is not known to be an object: it may still be JSON (a list), just
  // not a model list, and deserves that message rather than "not JSON".
  let unscanned = '';
  const take = (text: string): void => {
    if (preview.length < BODY_PREVIEW_LENGTH) preview += text.slice(0, BODY_PREVIEW_LENGTH - preview.length);
    if (scanner.isObject !== false) {
      try {
        scanner.feed(text);
      } catch {
        throw notJson(status, preview, apiKey); // an entry that is not valid JSON
      }
    }
    if (scanner.isObject !== true) unscanned += text;
  };
  let bytes = 0;
  for await (const chunk of body ?? []) {
    bytes += chunk.byteLength;
    // Leaving the loop cancels the body: the rest of the answer is never downloaded.
    if (bytes > maxBytes) throw tooLargeError(maxBytes);
    take(decoder.decode(chunk, { stream: true }));
  }
  take(decoder.decode());
  if (scanner.isObject === false) {
    try {
      JSON.parse(unscanned);
    } catch {
      throw notJson(status, preview, apiKey);
    }
    throw noModelList(status, 'missing');
  }
  try {
    const scanned = scanner.finish();
    switch (scanned?.kind) {
      case 'list':
        return scanned.entries;
      case 'object':
        return [scanned.entry];
      case 'scalar':
        throw noModelList(status, describeScalar(scanned.text));
      case 'missing':
        throw noModelList(status, 'missing');
      default:
        throw notJson(status, preview, apiKey);
    }
  } catch (error) {
    if (error instanceof LiteLLMError) throw error;
    throw notJson(status, preview, apiKey); // the data value was not valid JSON
  }
}
