import type { SyncRequest, SyncResult } from '../../../lib/sync/types.js';
import { publishChangeEvents } from '../events/change-events.js';
import type { SyncContainer } from '../setup/container.js';
import { readLitellmKey } from '../secrets/litellm-key.js';
import { reportRun } from './run-report.js';

/**
 * One sync as the scheduled and API functions run it: the LiteLLM key read where it is used, the
 * sync, its log line and metrics, then its change events (after the commit; publishing never
 * changes the outcome). Throws only when the key cannot be read.
 */
export async function runSync({ config, service, events }: SyncContainer, request: SyncRequest): Promise<SyncResult> {
  const litellmApiKey = await readLitellmKey(config.litellmKeySecretArn);
  const result = await service.syncModels(request, { litellmApiKey });
  reportRun(result);
  await publishChangeEvents(events, service, result, request.requestedBy);
  return result;
}
