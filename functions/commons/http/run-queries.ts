import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpProblem } from './http-problem.js';

const DEFAULT_RUNS_LIMIT = 20;
const MAX_RUNS_LIMIT = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `limit` of `GET /sync/runs`: an integer from 1 to 100, default 20; anything else is a 400. */
export function parseRunsLimit(event: APIGatewayProxyEventV2): number {
  const text = event.queryStringParameters?.limit;
  if (text === undefined) return DEFAULT_RUNS_LIMIT;
  const limit = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_RUNS_LIMIT)) {
    throw new HttpProblem(400, `limit must be an integer from 1 to ${MAX_RUNS_LIMIT}.`);
  }
  return limit;
}

/** `{runId}` of `GET /sync/runs/{runId}`, which must be a UUID (400 otherwise). */
export function parseRunId(runId: string | undefined): string {
  if (runId === undefined || !UUID.test(runId)) throw new HttpProblem(400, 'runId must be a UUID.');
  return runId.toLowerCase();
}
