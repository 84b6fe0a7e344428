import type { SyncResult } from '../../../lib/sync/types.js';
import type { SyncContainer } from '../setup/container.js';
import { reportUnrecordedFailure } from '../sync/failures.js';
import { runSync } from '../sync/run-sync.js';
import { endRun } from './end-run.js';
import type { BackgroundRunEvent } from './run-event.js';

/** What a background run that could not finish its own record leaves in it. */
const UNFINISHED_BACKGROUND_RUN = {
  key: 'The LiteLLM key could not be read, so the background sync did not run; check the key secret, then try again.',
  resuming: 'The database was still resuming, so the background sync did not run; try again in a minute.',
};

/**
 * The second half of a background run (the story: docs/functions.md, "POST /sync with Prefer:
 * respond-async"): runs the sync for the run {@link startBackgroundRun} recorded as `running`,
 * which the result completes. It never fails the invocation: a Lambda retry would run it a second
 * time. A run that cannot record itself (no key, a database still resuming) is ended with the
 * reason, so it neither stays `running` nor blocks the next start.
 */
export async function completeBackgroundRun({ asyncRun }: BackgroundRunEvent, ready: SyncContainer): Promise<SyncResult | undefined> {
  const { runId, requestedBy, options } = asyncRun;
  let result: SyncResult;
  try {
    result = await runSync(ready, { ...options, trigger: 'manual', requestedBy, runId });
  } catch (error) {
    reportUnrecordedFailure('manual', error);
    await endRun(ready, runId, UNFINISHED_BACKGROUND_RUN.key);
    return undefined;
  }
  if (result.failureReason === 'database-resuming') await endRun(ready, runId, UNFINISHED_BACKGROUND_RUN.resuming);
  return result;
}
