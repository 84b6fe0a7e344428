/**
 * What a failed `/model/info` attempt means: whether to retry it, and the one-line message that
 * says what went wrong and what to do (never the key; LiteLLM's own message is already redacted).
 */
import { LiteLLMError } from '../errors.js';

/** Network errors, timeouts, 429 and 5xx are worth another attempt; other answers are not. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** A network failure in words, without the URL (it may name an internal host). */
export function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host name not found',
    EAI_AGAIN: 'host name lookup failed',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_SOCKET: 'connection closed unexpectedly',
  };
  if (code !== undefined) return known[code] ?? code;
  const causeMessage = cause instanceof Error ? cause.message : undefined;
  return causeMessage ?? 'network error';
}

/**
 * LiteLLM's answer to a key it refuses: 401/403, or, from a proxy without a database (which can
 * check only its master key), 400 with error type `no_db_connection` for any other key.
 */
export function isKeyRejection(status: number, bodyText: string): boolean {
  return status === 401 || status === 403 || (status === 400 && bodyText.includes('"no_db_connection"'));
}

/** A sentence from LiteLLM's message: one final period, whether or not it wrote one. */
function asSentence(message: string): string {
  return /[.!?…]$/.test(message) ? message : `${message}.`;
}

/** The error for an answer that is not a catalog, after `attempts` attempts. */
export function failureForStatus(status: number, message: string, attempts: number, keyRejected: boolean): LiteLLMError {
  if (keyRejected) {
    return new LiteLLMError(
      `LiteLLM rejected the API key (HTTP ${status}: ${message}). ` +
        'Use the proxy master key (LITELLM_API_KEY, or the LiteLLM key secret when deployed).',
      status,
    );
  }
  if (status >= 300 && status < 400) {
    return new LiteLLMError(
      `LiteLLM answered HTTP ${status} (a redirect) for /model/info. ` +
        'Set LITELLM_API_URL to the address the proxy really serves on; redirects are not followed.',
      status,
    );
  }
  if (status === 404) {
    return new LiteLLMError(
      `LiteLLM answered HTTP 404 for /model/info (${message}). ` +
        'Check that LITELLM_API_URL is the proxy base URL, without a path.',
      status,
    );
  }
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return new LiteLLMError(`LiteLLM answered HTTP ${status}${tries}: ${asSentence(message)}`, status);
}
