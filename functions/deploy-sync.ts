/**
 * The deploy-time function behind the CDK `Trigger`: applies the schema migrations, then runs a
 * sync with trigger `deploy`. Only the migrations can fail the deployment (the schema is
 * required); a failed sync is recorded, logged, counted and returned, so a LiteLLM outage never
 * wedges the stack. `DEPLOY_SYNC=false` (context `deploySync=false`) applies the migrations only.
 * While the LiteLLM key secret still holds the stack's placeholder, the sync is skipped.
 * Between the two it makes the writer and reader database users ready (commons/database-users.ts).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { DEPLOY_BUDGETS } from './commons/budgets.js';
import { readDatabaseUsersConfig, readFlag } from './commons/config.js';
import { buildOnce, createSyncContainer } from './commons/container.js';
import { ensureDatabaseUsers, secretsManagerCredentialStore } from './commons/database-users.js';
import { applyMigrations, syncAfterMigrations } from './commons/deploy-steps.js';
import type { DeploySyncOutcome } from './commons/deploy-steps.js';
import { logInvocationFailure } from './commons/failures.js';
import { logger, metrics } from './commons/powertools.js';

export type { DeploySyncOutcome } from './commons/deploy-steps.js';

const container = buildOnce(() => ({
  ...createSyncContainer(process.env, DEPLOY_BUDGETS),
  syncAtDeploy: readFlag(process.env, 'DEPLOY_SYNC', true),
  databaseUsers: readDatabaseUsersConfig(process.env),
}));

const lambdaHandler = async (_event: unknown, context: Context): Promise<DeploySyncOutcome> => {
  const ready = container();
  await applyMigrations(context, ready, ready.syncAtDeploy);
  if (ready.databaseUsers !== undefined) {
    await ensureDatabaseUsers(ready.database, ready.config.database.secretArn, ready.databaseUsers, secretsManagerCredentialStore());
  }
  if (!ready.syncAtDeploy) {
    const reason = 'DEPLOY_SYNC=false: the deploy applied the migrations only; the next scheduled sync will run.';
    logger.info(reason);
    return { migrated: true, synced: false, reason };
  }
  return syncAfterMigrations(context, ready);
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(logInvocationFailure());
