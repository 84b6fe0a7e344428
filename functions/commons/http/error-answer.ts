import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DatabaseResumingError } from '../../../lib/errors.js';
import { logger } from '../observability/powertools.js';
import { HttpProblem } from './http-problem.js';
import { errorResponse, INTERNAL_ERROR_MESSAGE } from './responses.js';

/**
 * Turns any error that escapes the API handler into an answer: an {@link HttpProblem} into its
 * own status and message, a database still resuming into 503 with `Retry-After`, and anything
 * else (bad configuration, Secrets Manager, bugs) into a logged 500 with a generic message.
 * The body is always `{"message", "requestId"}` with API Gateway's request id.
 */
export function httpErrorAnswer(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    name: 'http-error-answer',
    onError: (request) => {
      const { error } = request;
      const requestId = request.event.requestContext.requestId;
      // The error may have been thrown before the handler appended it (e.g. invalid configuration).
      logger.appendKeys({ apiRequestId: requestId });
      if (error instanceof HttpProblem) {
        logger.info('Request refused', { status: error.status, reason: error.message });
        request.response = errorResponse(error.status, error.message, requestId);
      } else if (error instanceof DatabaseResumingError) {
        logger.warn('Database still resuming', { reason: error.message });
        request.response = errorResponse(503, error.message, requestId, {
          'retry-after': String(error.retryAfterSeconds),
        });
      } else {
        logger.error('Request failed', { error });
        request.response = errorResponse(500, INTERNAL_ERROR_MESSAGE, requestId);
      }
    },
  };
}
