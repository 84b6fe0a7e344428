// CDK entry point (`cdk.json` runs it with tsx): one stack, configured from context.
import { App } from 'aws-cdk-lib';
import { ContextConfigError } from './config/index.js';
import { addModelSyncStack } from './model-sync-app.js';

try {
  addModelSyncStack(new App());
} catch (error) {
  if (!(error instanceof ContextConfigError)) throw error;
  // A list of settings to fix, not a stack trace: the operator only needs the message.
  console.error(error.message);
  process.exit(1);
}
