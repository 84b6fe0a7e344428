import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { RUNS_LIMIT } from '../../../lib/sync/run-history.js';
import { HttpProblem } from './http-problem.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `limit` of `GET /sync/runs`: an integer from 1 to 100, default 20 (as the CLI's `--limit`); anything else is a 400. */
export function parseRunsLimit(event: APIGatewayProxyEventV2): number {
  const text = event.queryStringParameters?.limit;
  if (text === undefined) return RUNS_LIMIT.default;
  const limit = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!(limit >= RUNS_LIMIT.min && limit <= RUNS_LIMIT.max)) {
    throw new HttpProblem(400, `limit must be an integer from ${RUNS_LIMIT.min} to ${RUNS_LIMIT.max}.`);
  }
  return limit;
}

/** `{runId}` of `GET /sync/runs/{runId}`, which must be a UUID (400 otherwise). */
export function parseRunId(runId: string | undefined): string {
  if (runId === undefined || !UUID.test(runId)) throw new HttpProblem(400, 'runId must be a UUID.');
  return runId.toLowerCase();
}
