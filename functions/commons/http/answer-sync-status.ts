import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ReadContainer } from '../setup/container.js';
import { jsonResponse } from './responses.js';

/**
 * `GET /sync/status` (read scope): the sync's health at a glance — last run and last successful
 * run, minutes since that success, consecutive failures, models available and unavailable now,
 * the schedule as the stack configured it, and whether the last run was skipped. One SQL
 * statement: one Data API round trip. Needs no secret.
 */
export async function answerSyncStatus({ history, schedule, deprecationWarnDays }: ReadContainer): Promise<APIGatewayProxyStructuredResultV2> {
  return jsonResponse(200, await history.readStatus(schedule, deprecationWarnDays));
}
