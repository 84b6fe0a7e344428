import { backoffDelayMs, sleep } from '../backoff.js';
import { LiteLLMError } from '../errors.js';
import { litellmErrorMessage } from './error-message.js';
import { describeNetworkError, failureForStatus, isKeyRejection, isRetryableStatus } from './failures.js';
import type { ViewShape } from './entry-view.js';
import type { ModelListEntry } from './model-list-entry.js';
import { readBodyStart } from './read-body-start.js';
import { readModelList, tooLargeError } from './read-model-list.js';
import { stripUrlCredentials } from '../credentials.js';
import { SETTINGS } from '../settings/settings-table.js';

/** How hard the client tries before it gives up. */
export interface LiteLLMRetryPolicy {
  /** Time allowed for one HTTP attempt. @default 10000 */
  timeoutMs: number;
  /** Attempts in all, including the first. @default 3 */
  maxAttempts: number;
  /** Delay before the second attempt; doubles each time, with full jitter. @default 500 */
  backoffBaseMs: number;
  /** Told as each attempt starts, so that a person at a terminal can be shown what is awaited. */
  onAttempt?: (attempt: number, maxAttempts: number) => void;
}

export const DEFAULT_LITELLM_RETRY_POLICY: LiteLLMRetryPolicy = {
  timeoutMs: SETTINGS.litellmTimeoutMs.default,
  maxAttempts: SETTINGS.litellmMaxAttempts.default,
  backoffBaseMs: 500,
};

/** The longest wait before attempt `attemptNumber` (2, 3, ...): the jitter draws from 0 up to it. */
export function backoffCeilingMs(policy: LiteLLMRetryPolicy, attemptNumber: number): number {
  return backoffDelayMs(attemptNumber, { firstMs: policy.backoffBaseMs });
}

/**
 * The longest one fetch can take with its retries: every attempt timing out, every wait at its
 * ceiling. Callers size their own deadlines with it (functions/commons/setup/budgets.ts).
 */
export function litellmWorstCaseMs(policy: LiteLLMRetryPolicy): number {
  let total = 0;
  for (let attemptNumber = 1; attemptNumber <= policy.maxAttempts; attemptNumber += 1) {
    total += backoffCeilingMs(policy, attemptNumber) + policy.timeoutMs;
  }
  return total;
}

/**
 * Largest `/model/info` answer read by default. A 10,000-model catalog is about 30 MB and peaks at
 * about 220 MiB of memory (docs/benchmarks.md); 50 MB stays well inside the functions' 512 MB.
 */
export const DEFAULT_LITELLM_MAX_RESPONSE_BYTES: number = SETTINGS.litellmMaxResponseBytes.default;

export interface LiteLLMConnection {
  /** Base URL of the LiteLLM proxy, e.g. `https://litellm.example.com`. */
  baseUrl: string;
  /** The proxy's master key; sent as `Authorization: Bearer`, never logged or echoed. */
  apiKey: string;
}

/** The raw `/model/info` catalog: one entry per deployment (its text and view), not yet validated. */
export interface ModelInfoAnswer {
  entries: ModelListEntry[];
  /** Set when LiteLLM answered "LLM Model List not loaded in": it serves no model. */
  notLoaded: boolean;
}

const NOT_LOADED_MARKER = 'LLM Model List not loaded in';
/** More than enough of an error body for its message (300 characters are kept) or a marker. */
const ERROR_BODY_LIMIT = 64 * 1024;

type AttemptOutcome =
  | { kind: 'catalog'; entries: ModelListEntry[] }
  | { kind: 'answer'; status: number; bodyText: string }
  | { kind: 'network'; description: string };

async function attempt(url: string, apiKey: string, timeoutMs: number, read: { maxBytes: number; shape: ViewShape }): Promise<AttemptOutcome> {
  const { maxBytes } = read;
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      // Never follow a redirect: the catalog must come from the configured proxy, not wherever it points.
      redirect: 'manual',
    });
    if (response.status >= 200 && response.status < 300) {
      if (declaredTooLarge(response.headers.get('content-length'), maxBytes)) {
        await response.body?.cancel();
        throw tooLargeError(maxBytes);
      }
      return { kind: 'catalog', entries: await readModelList(response.body, { status: response.status, apiKey, ...read }) };
    }
    return { kind: 'answer', status: response.status, bodyText: await readBodyStart(response.body, ERROR_BODY_LIMIT) };
  } catch (error) {
    if (error instanceof LiteLLMError) throw error; // a body that is not a model list: retrying won't help
    return { kind: 'network', description: describeNetworkError(error, timeoutMs) };
  }
}

/** An answer that says it is too large is refused at once, before reading any of it. */
function declaredTooLarge(header: string | null, maxBytes: number): boolean {
  const declared = header === null ? Number.NaN : Number(header);
  return Number.isFinite(declared) && declared > maxBytes;
}

/**
 * Fetches `GET {baseUrl}/model/info`. Network errors, timeouts, 429 and 5xx are retried with
 * exponential backoff and jitter; other 4xx fail at once (LiteMaaS bug §5.8). The 500 answer
 * "LLM Model List not loaded in" means the proxy serves no model and yields an empty catalog.
 * `shape` names the members of each entry to read as it arrives (`ModelListEntry.view`); the rest of
 * an entry is kept as its text, compressed.
 */
export async function fetchModelInfo(
  connection: LiteLLMConnection,
  policy: LiteLLMRetryPolicy = DEFAULT_LITELLM_RETRY_POLICY,
  maxResponseBytes: number = DEFAULT_LITELLM_MAX_RESPONSE_BYTES,
  shape: ViewShape = {},
): Promise<ModelInfoAnswer> {
  // fetch() refuses URLs with credentials; LiteLLM authenticates by the bearer key alone.
  const url = `${stripUrlCredentials(connection.baseUrl).replace(/\/+$/, '')}/model/info`;
  let lastFailure = '';
  for (let attemptNumber = 1; attemptNumber <= policy.maxAttempts; attemptNumber += 1) {
    if (attemptNumber > 1) {
      await sleep(Math.random() * backoffCeilingMs(policy, attemptNumber));
    }
    policy.onAttempt?.(attemptNumber, policy.maxAttempts);
    const outcome = await attempt(url, connection.apiKey, policy.timeoutMs, { maxBytes: maxResponseBytes, shape });
    if (outcome.kind === 'network') {
      lastFailure = outcome.description;
      continue;
    }
    if (outcome.kind === 'catalog') return { entries: outcome.entries, notLoaded: false };
    const { status, bodyText } = outcome;
    if (status === 500 && bodyText.includes(NOT_LOADED_MARKER)) return { entries: [], notLoaded: true };
    const message = litellmErrorMessage(bodyText, connection.apiKey);
    if (!isRetryableStatus(status) || attemptNumber === policy.maxAttempts) {
      throw failureForStatus(status, message, attemptNumber, isKeyRejection(status, bodyText));
    }
    lastFailure = `HTTP ${status}: ${message}`;
  }
  throw new LiteLLMError(
    // No URL here: the message reaches API callers, and the proxy's address is an internal detail.
    `Could not reach LiteLLM after ${policy.maxAttempts} attempts (${lastFailure}). ` +
      'Check LITELLM_API_URL and that the proxy is running and reachable from here.',
  );
}
