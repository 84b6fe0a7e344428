import { CfnOutput } from 'aws-cdk-lib';
import type { ModelSyncConfig } from './config/index.js';
import type { LitellmKey } from './constructs/litellm-key.js';
import type { ModelSyncStack } from './model-sync-stack.js';

/** What the outputs need besides the stack's own constructs. */
export interface StackOutputsProps {
  /** Prefixes every description, so two copies' outputs are told apart in the console. */
  readonly instanceName: string;
  readonly litellmKey: LitellmKey;
  /** Outputs naming the database (infra/function-database.ts): id, value, description. */
  readonly databaseOutputs: readonly (readonly [string, string, string])[];
  /** How the API authorizes callers, as {@link apiAuthMode} names it. */
  readonly authMode: string;
}

/** The API's authorization as deployed, for the `ApiUrl` output. */
export function apiAuthMode(config: Pick<ModelSyncConfig, 'jwt' | 'litemaasAuth'>): string {
  if (config.jwt !== undefined) return 'JWT bearer tokens from the configured issuer';
  if (config.litemaasAuth !== undefined) return "LiteMaaS admins' access tokens";
  return 'IAM, SigV4-signed requests';
}

/**
 * The stack outputs an operator needs: where to call, which functions and log groups to read,
 * what the alarms notify and which secret to fill in. No output has an export name: exports are
 * account-wide names, which would stop a second copy of the stack.
 */
export function addStackOutputs(stack: ModelSyncStack, { instanceName, litellmKey, databaseOutputs, authMode }: StackOutputsProps): void {
  const output = (id: string, value: string, description: string): void => {
    new CfnOutput(stack, id, { value, description: `${instanceName}: ${description}` });
  };
  const api = stack.api.url;
  output('ApiUrl', api, `Base URL of the sync API; callers authenticate with ${authMode}`);
  output('SyncUrl', `${api}/sync`, 'POST here to run a sync');
  output('ForceSyncUrl', `${api}/sync/force`, 'POST here to run a sync that may retire more than the guard allows');
  output('RunHistoryUrl', `${api}/sync/runs`, 'GET the recent sync runs');
  output('SyncStatusUrl', `${api}/sync/status`, 'GET the sync health');
  output('ScheduledSyncFunctionName', stack.scheduledFunction.functionName, 'The scheduled sync function');
  output('SyncApiFunctionName', stack.apiFunction.functionName, 'The function behind the POST routes');
  output('SyncReadApiFunctionName', stack.readApiFunction.functionName, 'The function behind the GET routes');
  output('DeploySyncFunctionName', stack.deployFunction.functionName, 'The deploy-time function (migrations, first sync)');
  output('DeploySyncLogGroup', stack.deployFunction.logGroupResource.logGroupName, 'Logs of the deploy-time migrations and first sync');
  output(
    'DeploySyncLogCommand',
    `aws logs tail ${stack.deployFunction.logGroupResource.logGroupName} --since 1h --format short`,
    'Run this after a deploy: a failed first sync is logged here (the deploy itself succeeds)',
  );
  for (const [id, value, description] of databaseOutputs) output(id, value, description);
  output('AlarmTopicArn', stack.alarms.topic.topicArn, 'Every alarm notifies this SNS topic');
  output('DashboardUrl', stack.dashboard.url, 'The CloudWatch dashboard of the sync');
  output('EventBusName', stack.eventBus.bus.eventBusName, 'Change events go here (source litemaas.model-sync, docs/events.md)');
  output('EventBusArn', stack.eventBus.bus.eventBusArn, 'The change-event bus, by ARN');
  output('LitellmKeySecretArn', litellmKey.secret.secretArn, 'The secret holding the LiteLLM master key');
  if (litellmKey.created) {
    output(
      'LitellmKeySecretCommand',
      `aws secretsmanager put-secret-value --secret-id ${litellmKey.secret.secretArn} --secret-string "$LITELLM_MASTER_KEY"`,
      'Run this with LITELLM_MASTER_KEY set; the next scheduled run or POST /sync then syncs (the secret holds a placeholder until then)',
    );
  }
}
