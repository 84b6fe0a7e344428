import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { SyncResult } from '../../../lib/sync/types.js';
import { errorResponse, INTERNAL_ERROR_MESSAGE, jsonResponse } from './responses.js';

/** How a sync outcome is answered: its status, extra headers, and whether the result is shown. */
export interface SyncAnswer {
  status: number;
  headers: Record<string, string>;
  /** False for 500: the result may hold internal details, so the caller gets the generic body. */
  showResult: boolean;
}

/**
 * Maps a sync result to its HTTP answer: 200 success, 409 skipped (another sync runs),
 * 422 guard refused, 502 LiteLLM failed, 503 + `Retry-After` database still resuming,
 * 500 anything else. A run that committed but reported bad catalog entries (`success: false`
 * without a `failureReason`) is a 502 too: LiteLLM sent entries that could not be synced, and a
 * caller must not take the run for a success (LiteMaaS answered 200 to failed syncs, bug §5.6);
 * the body still shows what was applied and `errors` lists the rest.
 */
export function answerForResult(result: SyncResult): SyncAnswer {
  if (result.skipped || result.failureReason === 'busy') return { status: 409, headers: {}, showResult: true };
  switch (result.failureReason) {
    case undefined:
      return { status: result.success ? 200 : 502, headers: {}, showResult: true };
    case 'guard':
      return { status: 422, headers: {}, showResult: true };
    case 'litellm':
      return { status: 502, headers: {}, showResult: true };
    case 'database-resuming':
      return {
        status: 503,
        headers: { 'retry-after': String(result.retryAfterSeconds ?? 15) },
        showResult: true,
      };
    default:
      return { status: 500, headers: {}, showResult: false };
  }
}

/**
 * The answer to a sync request: the result with the status of {@link answerForResult}, or, when
 * the result may hold internal details, the generic body with API Gateway's request id.
 */
export function syncResultResponse(result: SyncResult, requestId: string): APIGatewayProxyStructuredResultV2 {
  const answer = answerForResult(result);
  if (!answer.showResult) return errorResponse(answer.status, INTERNAL_ERROR_MESSAGE, requestId);
  return jsonResponse(answer.status, result, answer.headers);
}
