import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** An HTTP API (payload 2.0) answer with a JSON body. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    // Sync outcomes and run history change all the time: no cache may keep them.
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * The answer for anything that is not a sync outcome: `{"message", "requestId"}`, where the
 * request id is API Gateway's, so a caller can quote it and an operator can find the log lines.
 */
export function errorResponse(
  status: number,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return jsonResponse(status, { message, requestId }, headers);
}

/** What a caller is told about a failure whose details must stay in the logs. */
export const INTERNAL_ERROR_MESSAGE =
  'The request failed with an internal error. Quote the request id when reporting it; the details are in the function logs.';
