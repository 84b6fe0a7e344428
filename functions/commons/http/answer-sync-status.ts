import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ReadyContainer } from '../handler.js';
import { jsonResponse } from './responses.js';

/**
 * `GET /sync/status` (read scope): the sync's health at a glance — last run and last successful
 * run, minutes since that success, consecutive failures, models available and unavailable now,
 * the schedule as the stack configured it, and whether the last run was skipped. One SQL
 * statement: one Data API round trip. Needs no secret.
 */
export async function answerSyncStatus({ service, config }: Pick<ReadyContainer, 'service' | 'config'>): Promise<APIGatewayProxyStructuredResultV2> {
  return jsonResponse(200, await service.readStatus(config.schedule));
}
