import { SecretValue } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { LITELLM_KEY_PLACEHOLDER } from '../../functions/commons/secrets/litellm-key-placeholder.js';
import { acknowledge } from '../nag.js';

/** Settings of the LiteLLM key secret. */
export interface LitellmKeyProps {
  /** Prefixes the new secret's description, so operators can tell two copies apart. */
  readonly instanceName: string;
  /** Complete ARN of an existing secret holding the LiteLLM master key. @default - a new secret holding a placeholder */
  readonly existingSecretArn?: string;
}

/**
 * The Secrets Manager secret holding the LiteLLM master key. A new secret starts with a
 * well-known placeholder (not a secret): the deploy-time function sees it, applies the migrations
 * and skips the sync, so the first deploy succeeds before anyone has set the real key.
 */
export class LitellmKey extends Construct {
  readonly secret: secretsmanager.ISecret;
  /** True when this stack created the secret (someone still has to fill it in). */
  readonly created: boolean;

  constructor(scope: Construct, id: string, props: LitellmKeyProps) {
    super(scope, id);
    if (props.existingSecretArn !== undefined) {
      this.secret = secretsmanager.Secret.fromSecretCompleteArn(this, 'Secret', props.existingSecretArn);
      this.created = false;
      return;
    }
    // No fixed name: a deleted secret keeps its name for its recovery window, which would block a
    // redeploy after a rollback and a second copy of the stack. Operators use the ARN output.
    this.created = true;
    const secret = new secretsmanager.Secret(this, 'Secret', {
      description: `${props.instanceName}: LiteLLM master key for the LiteMaaS model sync (plain string or JSON {"apiKey": "..."})`,
      secretStringValue: SecretValue.unsafePlainText(LITELLM_KEY_PLACEHOLDER),
    });
    acknowledge(secret, 'AwsSolutions-SMG4', 'The LiteLLM master key is issued and rotated in LiteLLM, not by Secrets Manager; after rotating it there, the operator puts the new value here and the functions pick it up within their cache expiry.');
    this.secret = secret;
  }
}
