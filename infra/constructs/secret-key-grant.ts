import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * Lets `grantee` decrypt a secret encrypted with the customer managed key `kmsKeyArn`, only
 * through Secrets Manager in this region (`kms:ViaService`), never the key directly: what reading
 * such a secret needs besides `secretsmanager:GetSecretValue`.
 */
export function grantDecryptThroughSecretsManager(scope: Construct, grantee: iam.IGrantable, kmsKeyArn: string): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt'],
    resourceArns: [kmsKeyArn],
    conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(scope).region}.amazonaws.com` } },
  });
}
