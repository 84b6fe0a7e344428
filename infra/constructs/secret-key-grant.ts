import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * Lets `grantee` decrypt a secret encrypted with a customer managed KMS key, only through Secrets
 * Manager (`kms:ViaService`), never with the key directly. Secrets Manager decrypts with the
 * caller's rights, so reading such a secret needs this beside `secretsmanager:GetSecretValue`.
 */
export function grantDecryptThroughSecretsManager(scope: Construct, grantee: iam.IGrantable, kmsKeyArn: string): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt'],
    resourceArns: [kmsKeyArn],
    conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(scope).region}.amazonaws.com` } },
  });
}
