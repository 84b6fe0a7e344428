import type { RunningRun } from '../../../lib/sync/run-store.js';
import type { SyncResult } from '../../../lib/sync/types.js';
import { logger } from '../observability/powertools.js';
import type { SyncContainer } from '../setup/container.js';
import { reportUnrecordedFailure } from '../sync/failures.js';
import { runSync } from '../sync/run-sync.js';
import { endRun } from './end-run.js';
import { backgroundRunIdOf } from './run-event.js';
import type { BackgroundRunRequest } from './run-event.js';

/** What a background run that could not finish its own record leaves in it. */
const UNFINISHED_BACKGROUND_RUN = {
  key: 'The LiteLLM key could not be read, so the background sync did not run; check the key secret, then try again.',
  resuming: 'The database was still resuming, so the background sync did not run; try again in a minute.',
  unread: 'The run could not be read from the database, so the background sync did not run; try again.',
};

/**
 * The second half of a background run (the story: docs/functions.md, "POST /sync with Prefer:
 * respond-async"): runs the sync for the run {@link startBackgroundRun} recorded as `running`,
 * which the result completes. The event names the run and nothing else is taken from it: the
 * caller and the options come from the run row, so a forged invoke can neither force a sync nor
 * name its caller, and an unknown, finished or expired run id does nothing but log a warning.
 * It never fails the invocation: a Lambda retry would run it a second time. A run that cannot
 * record itself (no key, a database still resuming) is ended with the reason, so it neither stays
 * `running` nor blocks the next start.
 */
export async function completeBackgroundRun(request: BackgroundRunRequest, ready: SyncContainer): Promise<SyncResult | undefined> {
  const runId = backgroundRunIdOf(request);
  if (runId === undefined) {
    logger.warn('Background run ignored: the event names no run id; nothing was synced');
    return undefined;
  }
  let run: RunningRun | undefined;
  try {
    run = await ready.service.readRunningRun(runId);
  } catch (error) {
    reportUnrecordedFailure('manual', error);
    await endRun(ready, runId, UNFINISHED_BACKGROUND_RUN.unread);
    return undefined;
  }
  if (run === undefined) {
    logger.warn('Background run ignored: no run with this id is running (unknown, finished or expired); nothing was synced', { runId });
    return undefined;
  }
  let result: SyncResult;
  try {
    result = await runSync(ready, { ...run.options, trigger: 'manual', requestedBy: run.requestedBy, runId });
  } catch (error) {
    reportUnrecordedFailure('manual', error);
    await endRun(ready, runId, UNFINISHED_BACKGROUND_RUN.key);
    return undefined;
  }
  if (result.failureReason === 'database-resuming') await endRun(ready, runId, UNFINISHED_BACKGROUND_RUN.resuming);
  return result;
}
