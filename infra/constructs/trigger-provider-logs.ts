import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';

/** Where `triggers.Trigger` puts its one provider function per stack (aws-cdk-lib/triggers). */
const PROVIDER_ID = 'AWSCDK.TriggerCustomResourceProviderCustomResourceProvider';

/**
 * The deploy trigger's provider function (CDK's own, not one of ours) would log to the
 * `/aws/lambda/…` group Lambda creates on first use, kept for ever. This points it at a log group
 * of its own with the functions' retention. A new group with a generated name, not the default
 * name: on a stack that has deployed before, that group already exists and could not be created.
 */
export function giveTriggerProviderLogRetention(stack: Stack): logs.LogGroup {
  const handler = stack.node.tryFindChild(PROVIDER_ID)?.node.tryFindChild('Handler');
  if (!(handler instanceof CfnResource)) throw new Error(`the trigger provider function (${PROVIDER_ID}/Handler) was not found: add the Trigger first`);
  const logGroup = new logs.LogGroup(stack, 'DeployTriggerProviderLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.RETAIN });
  handler.addPropertyOverride('LoggingConfig', { LogGroup: logGroup.logGroupName });
  return logGroup;
}
