/**
 * The deploy-time function behind the CDK `Trigger`: applies the schema migrations, then runs a
 * sync with trigger `deploy`. Only the migrations can fail the deployment (the schema is
 * required); a failed sync is recorded, logged, counted and returned, so a LiteLLM outage never
 * wedges the stack. `DEPLOY_SYNC=false` (context `deploySync=false`) applies the migrations only.
 * While the LiteLLM key secret still holds the stack's placeholder, the sync is skipped.
 * Between the two it makes the writer and reader database users ready (commons/deploy/database-users.ts).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { DEPLOY_BUDGETS } from './commons/setup/budgets.js';
import { readSettingOrDefault } from '../lib/config.js';
import { SETTINGS } from '../lib/settings/settings-table.js';
import { readDatabaseUsersConfig } from './commons/setup/config.js';
import type { DatabaseUsersConfig } from './commons/setup/config.js';
import { buildOnce, createSyncContainer } from './commons/setup/container.js';
import { ensureDatabaseUsers, secretsManagerCredentialStore } from './commons/deploy/database-users.js';
import type { CredentialStore } from './commons/deploy/database-users.js';
import { applyMigrations, syncAfterMigrations } from './commons/deploy/deploy-steps.js';
import type { DeploySyncOutcome } from './commons/deploy/deploy-steps.js';
import { logInvocationFailure } from './commons/sync/failures.js';
import { logger, metrics } from './commons/observability/powertools.js';

export type { DeploySyncOutcome } from './commons/deploy/deploy-steps.js';

const container = buildOnce(() => ({
  ...createSyncContainer(process.env, DEPLOY_BUDGETS),
  syncAtDeploy: readSettingOrDefault(process.env, SETTINGS.deploySync),
  databaseUsers: databaseUsersOf(readDatabaseUsersConfig(process.env)),
}));

/** The users to maintain and where their credentials live; none (and no client) when the stack manages none. */
function databaseUsersOf(config: DatabaseUsersConfig | undefined): { config: DatabaseUsersConfig; store: CredentialStore } | undefined {
  return config === undefined ? undefined : { config, store: secretsManagerCredentialStore() };
}

const lambdaHandler = async (_event: unknown, context: Context): Promise<DeploySyncOutcome> => {
  const ready = container();
  await applyMigrations(context, ready, ready.syncAtDeploy);
  if (ready.databaseUsers !== undefined) {
    await ensureDatabaseUsers(ready.database, ready.config.database.secretArn, ready.databaseUsers.config, ready.databaseUsers.store);
  }
  if (!ready.syncAtDeploy) {
    const reason = `${SETTINGS.deploySync.variable}=false: the deploy applied the migrations only; the next scheduled sync will run.`;
    logger.info(reason);
    return { migrated: true, synced: false, reason };
  }
  return syncAfterMigrations(context, ready);
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(logInvocationFailure());
