import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseBoundedNumber } from '../../../lib/setting-values.js';
import { CHANGE_PAGE_LIMIT } from '../../../lib/sync/change-journal.js';
import type { PageRequest } from '../../../lib/sync/change-journal.js';
import { RUNS_LIMIT } from '../../../lib/sync/run-history.js';
import { HttpProblem } from './http-problem.js';
import { isRunId } from '../../../lib/sync/run-id.js';

/** A `limit` query parameter within `bounds`, its default when absent; anything else is a 400. */
function parseLimitQuery(event: APIGatewayProxyEventV2, bounds: { default: number; min: number; max: number }): number {
  const text = event.queryStringParameters?.limit;
  if (text === undefined) return bounds.default;
  const limit = parseBoundedNumber(text, { ...bounds, integer: true });
  if (limit === undefined) throw new HttpProblem(400, `limit must be an integer from ${bounds.min} to ${bounds.max}.`);
  return limit;
}

/** `limit` of `GET /sync/runs`: an integer from 1 to 100, default 20 (as the CLI's `--limit`). */
export function parseRunsLimit(event: APIGatewayProxyEventV2): number {
  return parseLimitQuery(event, RUNS_LIMIT);
}

/** `limit` and `cursor` of a change-journal page: limit 1–200 (default 50), cursor as the last page gave it (400 otherwise). */
export function parsePageRequest(event: APIGatewayProxyEventV2): PageRequest {
  const cursor = event.queryStringParameters?.cursor;
  if (cursor !== undefined && !/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw new HttpProblem(400, 'cursor must be the nextCursor of the previous page.');
  return { limit: parseLimitQuery(event, CHANGE_PAGE_LIMIT), ...(cursor === undefined ? {} : { cursor }) };
}

/** `{modelId}` of `GET /sync/models/{modelId}/history`: a LiteMaaS model id (1–255 characters; `/` URL-encoded). */
export function parseModelId(modelId: string | undefined): string {
  const decoded = modelId === undefined ? '' : safeDecode(modelId);
  if (decoded.length === 0 || decoded.length > 255) throw new HttpProblem(400, 'modelId must be a model id of 1 to 255 characters (URL-encode a "/" as %2F).');
  return decoded;
}

/** API Gateway passes path parameters as sent; a model id with `/` arrives encoded. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpProblem(400, 'modelId is not valid URL encoding.');
  }
}

/** `{runId}` of `GET /sync/runs/{runId}`, which must be a UUID (400 otherwise). */
export function parseRunId(runId: string | undefined): string {
  if (runId === undefined || !isRunId(runId)) throw new HttpProblem(400, 'runId must be a UUID.');
  return runId.toLowerCase();
}
