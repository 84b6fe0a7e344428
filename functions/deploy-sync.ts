/**
 * The deploy-time function behind the CDK `Trigger`: applies the schema migrations, then runs a
 * sync with trigger `deploy`. A thrown error fails the deployment, so a database resuming from
 * auto-pause (or a migration that finds another sync holding the lock) is retried while another
 * try still fits in the function's remaining time (checked before every try). While the LiteLLM
 * key secret still holds the placeholder the stack created, the sync is skipped (and the reason
 * logged), so the first deployment succeeds before anyone has stored the real key.
 */
import type { Context } from 'aws-lambda';
import { DatabaseResumingError, SyncBusyError } from '../lib/errors.js';
import { DEFAULT_RESUME_POLICY } from '../lib/db/data-api-adapter.js';
import { DEFAULT_LITELLM_RETRY_POLICY } from '../lib/litellm/client.js';
import { DEPLOY_BUDGETS } from './commons/budgets.js';
import { publishChangeEvents } from './commons/change-events.js';
import { createContainer } from './commons/container.js';
import { logInvocationFailure, SyncFailedError } from './commons/failures.js';
import { composeHandler } from './commons/handler.js';
import type { ReadyContainer } from './commons/handler.js';
import { litellmKeyFrom } from './commons/litellm-key.js';
import { LITELLM_KEY_PLACEHOLDER } from './commons/litellm-key-placeholder.js';
import { logger } from './commons/powertools.js';
import { reportRun } from './commons/run-report.js';
import { retryWithinDeadline } from './commons/retry-within-deadline.js';

/** What the trigger gets back (it only cares whether the function threw). */
export interface DeploySyncOutcome {
  migrated: true;
  synced: boolean;
  runId?: string;
  reason?: string;
}

// The resume budget, the retry delay, the slack and the function and trigger timeouts are one
// design, with its arithmetic in functions/commons/budgets.ts.
const container = createContainer(process.env, {
  litellmRetry: DEFAULT_LITELLM_RETRY_POLICY,
  resumePolicy: { ...DEFAULT_RESUME_POLICY, ...DEPLOY_BUDGETS.resume },
  dataApi: DEPLOY_BUDGETS.dataApi,
});

function litellmWorstCaseMs({ litellmRetry }: ReadyContainer['config']): number {
  const backoff = litellmRetry.backoffBaseMs * (2 ** Math.max(0, litellmRetry.maxAttempts - 1) - 1);
  return litellmRetry.maxAttempts * litellmRetry.timeoutMs + backoff;
}

/** One migration try at worst: a resume wait plus the slack. */
function migrateWorstCaseMs({ resumePolicy }: ReadyContainer['config']): number {
  return resumePolicy.budgetMs + DEPLOY_BUDGETS.stepSlackMs;
}

/** One sync try at worst: LiteLLM, one resume wait (only a sync's first call waits) and the slack. */
function syncWorstCaseMs(config: ReadyContainer['config']): number {
  return litellmWorstCaseMs(config) + config.resumePolicy.budgetMs + DEPLOY_BUDGETS.stepSlackMs;
}

async function migrate(context: Context, { service, config }: ReadyContainer): Promise<void> {
  await retryWithinDeadline(
    context,
    {
      delayMs: DEPLOY_BUDGETS.retryDelayMs,
      attemptWorstCaseMs: migrateWorstCaseMs(config),
      // A migration try that would leave no time for the sync is not started: the deploy then
      // fails with the migration's own reason (e.g. still resuming) instead of "Task timed out".
      reserveMs: syncWorstCaseMs(config),
      what: 'the migrations',
    },
    () => service.migrate(),
    (outcome) =>
      'error' in outcome && (outcome.error instanceof DatabaseResumingError || outcome.error instanceof SyncBusyError),
  );
  logger.info('Migrations applied');
}

async function deploySync(_event: unknown, context: Context, ready: ReadyContainer): Promise<DeploySyncOutcome> {
  await migrate(context, ready);
  const litellmApiKey = litellmKeyFrom(context);
  if (litellmApiKey === LITELLM_KEY_PLACEHOLDER) {
    const reason =
      'The LiteLLM key secret (LITELLM_API_KEY_SECRET_ARN) still holds the placeholder the stack created, so the ' +
      'deploy-time sync was skipped. Store the LiteLLM master key in the secret; the next scheduled sync will use it.';
    logger.warn(reason);
    return { migrated: true, synced: false, reason };
  }
  const { config, service } = ready;
  const result = await retryWithinDeadline(
    context,
    { delayMs: DEPLOY_BUDGETS.retryDelayMs, attemptWorstCaseMs: syncWorstCaseMs(config), what: 'the deploy-time sync' },
    () => service.syncModels({ trigger: 'deploy' }, { litellmApiKey }),
    (outcome) => 'value' in outcome && outcome.value.failureReason === 'database-resuming',
  );
  reportRun(result);
  await publishChangeEvents(ready.events, service, result);
  // A sync another trigger is running does the same work; it must not fail the deployment.
  if (result.skipped) return { migrated: true, synced: false, reason: 'another sync was running' };
  // Bad catalog entries are reported (log, run record, metrics) but the valid ones were applied:
  // rolling the whole deployment back for them would help no one.
  if (result.failureReason !== undefined) throw SyncFailedError.fromResult(result);
  return { migrated: true, synced: true, ...(result.runId === undefined ? {} : { runId: result.runId }) };
}

export const handler = composeHandler<unknown, DeploySyncOutcome>(container, deploySync, [logInvocationFailure()]);
