import type { Context } from 'aws-lambda';
import { DatabaseResumingError, SyncBusyError } from '../../../lib/errors.js';
import { DEPLOY_BUDGETS, deployMigrationTryMs, deploySyncTryMs } from '../setup/budgets.js';
import { publishChangeEvents } from '../events/change-events.js';
import type { SyncContainer } from '../setup/container.js';
import { reportUnrecordedFailure, SyncFailedError } from '../sync/failures.js';
import { readLitellmKey } from '../secrets/litellm-key.js';
import { LITELLM_KEY_PLACEHOLDER } from '../secrets/litellm-key-placeholder.js';
import { logger } from '../observability/powertools.js';
import { retryWithinDeadline } from './retry-within-deadline.js';
import { reportRun } from '../sync/run-report.js';

/** What the deploy-time function answers (the trigger only cares whether it threw). */
export interface DeploySyncOutcome {
  migrated: true;
  synced: boolean;
  runId?: string;
  /** Why no sync ran or why it failed: the same text as the log line. */
  reason?: string;
}

/**
 * Applies the migrations, retrying a database that is resuming or a lock another sync holds while
 * another try fits. Throws when they cannot be applied: the schema is required, so that must fail
 * the deployment. `reserveMs` keeps time for the sync after it, so a migration try that would
 * leave none is not started and the deploy fails with the migration's own reason.
 */
export async function applyMigrations(context: Context, { config, service }: SyncContainer, reserveSync: boolean): Promise<void> {
  await retryWithinDeadline(
    context,
    {
      delayMs: DEPLOY_BUDGETS.retryDelayMs,
      attemptWorstCaseMs: deployMigrationTryMs(config.resumePolicy.budgetMs),
      reserveMs: reserveSync ? deploySyncTryMs(config.litellmRetry, config.resumePolicy.budgetMs) : 0,
      what: 'the migrations',
    },
    () => service.migrate(),
    (outcome) =>
      'error' in outcome && (outcome.error instanceof DatabaseResumingError || outcome.error instanceof SyncBusyError),
  );
  logger.info('Migrations applied');
}

const PLACEHOLDER_REASON =
  'The LiteLLM key secret (LITELLM_API_KEY_SECRET_ARN) still holds the placeholder the stack created, so the ' +
  'deploy-time sync was skipped. Store the LiteLLM master key in the secret; the next scheduled sync will use it.';

/**
 * The first sync after the migrations. It never throws: a deploy during a LiteLLM outage must
 * succeed, and a rollback must not re-run a sync that fails again (UPDATE_ROLLBACK_FAILED). A
 * failure is recorded with the run (when the database allows), logged, counted in `SyncFailed`
 * (which the stack alarms on) and returned as the outcome's `reason`.
 */
export async function syncAfterMigrations(
  context: Context,
  { config, service, events }: SyncContainer,
): Promise<DeploySyncOutcome> {
  try {
    const litellmApiKey = await readLitellmKey(config.litellmKeySecretArn);
    if (litellmApiKey === LITELLM_KEY_PLACEHOLDER) {
      logger.warn(PLACEHOLDER_REASON);
      return { migrated: true, synced: false, reason: PLACEHOLDER_REASON };
    }
    const result = await retryWithinDeadline(
      context,
      {
        delayMs: DEPLOY_BUDGETS.retryDelayMs,
        attemptWorstCaseMs: deploySyncTryMs(config.litellmRetry, config.resumePolicy.budgetMs),
        what: 'the deploy-time sync',
      },
      () => service.syncModels({ trigger: 'deploy' }, { litellmApiKey }),
      (outcome) => 'value' in outcome && outcome.value.failureReason === 'database-resuming',
    );
    reportRun(result);
    // Never throws: a publishing failure is logged, counted and recorded with the run.
    await publishChangeEvents(events, service, result);
    const runId = result.runId === undefined ? {} : { runId: result.runId };
    if (result.skipped) return { migrated: true, synced: false, ...runId, reason: 'another sync was running' };
    if (result.failureReason !== undefined) {
      return { migrated: true, synced: false, ...runId, reason: SyncFailedError.fromResult(result).message };
    }
    // Bad catalog entries (no failureReason) were reported; the valid ones were applied.
    return { migrated: true, synced: true, ...runId };
  } catch (error) {
    reportUnrecordedFailure('deploy', error);
    return {
      migrated: true,
      synced: false,
      reason: 'The deploy-time sync failed before it could record a run; the function logs say why.',
    };
  }
}
