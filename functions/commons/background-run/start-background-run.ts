import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { SyncOptions } from '../../../lib/sync/types.js';
import { endRun } from './end-run.js';
import type { BackgroundRunEvent } from './run-event.js';
import type { SyncContainer } from '../setup/container.js';
import { errorResponse, INTERNAL_ERROR_MESSAGE, jsonResponse } from '../http/responses.js';
import { logger } from '../observability/powertools.js';

/**
 * Whether the caller asked for an asynchronous answer (RFC 7240 `Prefer: respond-async`; HTTP
 * API lowercases header names and joins repeated headers with commas).
 */
export function prefersAsync(event: APIGatewayProxyEventV2): boolean {
  const prefer = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'prefer')?.[1];
  return prefer !== undefined && prefer.split(/[,;]/).some((token) => token.trim().toLowerCase() === 'respond-async');
}

let lambdaClient: LambdaClient | undefined;

/**
 * Asks Lambda to run the scheduled function with the run (InvocationType Event: no wait). The
 * Lambda client is imported here, not at module load: only `Prefer: respond-async` requests use it,
 * and the bundle keeps it in a chunk that every other cold start of the API then neither reads nor
 * parses (about 110 KiB, infra/handler-bundling.ts).
 */
async function invokeInBackground(functionName: string, payload: BackgroundRunEvent): Promise<void> {
  const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
  lambdaClient ??= new LambdaClient({ maxAttempts: 2, requestHandler: { requestTimeout: 3_000, throwOnRequestTimeout: true } });
  const answer = await lambdaClient.send(
    new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }),
  );
  if (answer.StatusCode !== 202) throw new Error(`Lambda answered ${String(answer.StatusCode)} to the asynchronous invoke`);
}

/**
 * The first half of a background run (the story: docs/functions.md, "POST /sync with Prefer:
 * respond-async"; the second half is complete-background-run.ts, in the scheduled function):
 * records the run as `running` (one statement that also takes the sync lock, so a sync in
 * progress answers 409 at once), hands the work to the scheduled function (its 300 s budget, not
 * API Gateway's 30 s) and answers 202 with `Location: /sync/runs/{id}`. If Lambda refuses the
 * invoke, the run is marked failed and the caller gets a 500 with the request id.
 */
export async function startBackgroundRun(
  event: APIGatewayProxyEventV2,
  { service }: Pick<SyncContainer, 'service'>,
  functionName: string,
  request: { requestedBy: string; options: SyncOptions },
): Promise<APIGatewayProxyStructuredResultV2> {
  const requestId = event.requestContext.requestId;
  const runId = await service.startRun({ trigger: 'manual', requestedBy: request.requestedBy, options: request.options });
  if (runId === undefined) {
    return errorResponse(409, 'Another sync is running: try again when it has finished (GET /sync/status shows it).', requestId);
  }
  try {
    // The run id only: the worker reads the caller and options from the row just recorded.
    await invokeInBackground(functionName, { asyncRun: { runId } });
  } catch (error) {
    logger.error('Could not start the background sync', { runId, error });
    // A database that refuses this too leaves the run to expire (read as `lost`): still a 500.
    await endRun({ service }, runId, 'The background sync could not be started; try again.');
    return errorResponse(500, INTERNAL_ERROR_MESSAGE, requestId);
  }
  logger.info('Background sync started', { runId, functionName });
  const location = `/sync/runs/${runId}`;
  return jsonResponse(202, { runId, status: 'running', location }, { location, 'preference-applied': 'respond-async' });
}
