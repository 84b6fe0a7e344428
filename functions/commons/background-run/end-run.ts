import { logger } from '../observability/powertools.js';
import type { SyncContainer } from '../setup/container.js';

/**
 * Marks a background run failed with the reason, whichever half could not go on (the start could
 * not hand it over, or the worker could not record it); a database that refuses that too leaves
 * it to expire, read as `lost`.
 */
export async function endRun({ service }: Pick<SyncContainer, 'service'>, runId: string, message: string): Promise<void> {
  await service.abandonRun(runId, message).catch((error: unknown) => logger.error('Could not mark the run failed', { runId, error }));
}
