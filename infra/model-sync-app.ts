import { Validations } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseConfig } from './config/index.js';
import { ModelSyncStack } from './model-sync-stack.js';

/**
 * Adds the model sync stack to `app`, configured from the app's context, with the cdk-nag
 * AwsSolutions checks as a validation plugin: any unacknowledged finding fails the synth.
 *
 * The stack is environment-agnostic (no account or region, no lookups), so synth needs neither
 * credentials nor Docker; `cdk deploy` takes the account and region from the caller's profile.
 */
export function addModelSyncStack(app: App): ModelSyncStack {
  const config = parseConfig((key) => app.node.tryGetContext(key));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // The instance name is the stack name: two names, two independent copies in one account and region.
  return new ModelSyncStack(app, config.instanceName, { config });
}
