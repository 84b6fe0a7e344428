/**
 * Extracts LiteLLM's own error message from either of its error envelopes:
 * `{"error": {"message": ...}}` (auth) or FastAPI's `{"detail": "..."}` / `{"detail": {"error": ...}}`.
 * Falls back to a short, tag-free excerpt of the body.
 */
const MAX_MESSAGE_LENGTH = 300;

function firstString(...candidates: unknown[]): string | undefined {
  return candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '');
}

function messageFromJson(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { error, detail } = body as { error?: unknown; detail?: unknown };
  if (error !== null && typeof error === 'object') return firstString((error as { message?: unknown }).message);
  if (typeof error === 'string') return error;
  if (typeof detail === 'string') return detail;
  if (detail !== null && typeof detail === 'object' && !Array.isArray(detail)) {
    const nested = detail as { error?: unknown; message?: unknown };
    return firstString(nested.error, nested.message);
  }
  if (Array.isArray(detail)) return JSON.stringify(detail);
  return undefined;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_MESSAGE_LENGTH ? `${oneLine.slice(0, MAX_MESSAGE_LENGTH)}…` : oneLine;
}

/**
 * Removes the caller's key, and anything LiteLLM labels as a received key or as the key's hash
 * (its 401 text: `Received API Key = sk-...4iJw, Key Hash (Token) =d556…`), from a message. The
 * hash is LiteLLM's lookup token for the key: it identifies the key and must not be kept either.
 */
export function redactKey(text: string, apiKey: string): string {
  const withoutKey = apiKey.length > 0 ? text.split(apiKey).join('[redacted]') : text;
  return withoutKey
    .replace(/(API Key\s*=\s*)[^\s,]+/gi, '$1[redacted]')
    .replace(/(Key Hash(?:\s*\(Token\))?\s*=\s*)[^\s,.]+/gi, '$1[redacted]');
}

/** LiteLLM's message for an error answer, shortened and without the key. */
export function litellmErrorMessage(bodyText: string, apiKey: string): string {
  let message: string | undefined;
  try {
    message = messageFromJson(JSON.parse(bodyText));
  } catch {
    message = undefined;
  }
  const fallback = bodyText.replace(/<[^>]*>/g, ' ');
  const chosen = shorten(redactKey(message ?? fallback, apiKey));
  return chosen === '' ? 'no message' : chosen;
}
