import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { EXISTING_CLUSTER_ARN, EXISTING_DB_SECRET_ARN, EXISTING_LITELLM_SECRET_ARN, LITELLM_URL, NEW_DATABASE, POSTGRES_CONTEXT, buildStack } from './synth-stack.js';

// cdk-nag 3 runs as a validation plugin: an unacknowledged finding makes `app.synth()` throw.
describe('cdk-nag AwsSolutionsChecks', () => {
  it.each([
    ['defaults, without litellmUrl', NEW_DATABASE],
    ['defaults', { ...NEW_DATABASE, litellmUrl: LITELLM_URL, alarmEmail: 'ops@example.com' }],
    [
      'imported database with KMS key and runtime user, existing key, JWT, VPC attachment, reserved concurrency',
      {
        litellmUrl: 'http://10.0.0.5:4000',
        database: 'existing',
        databaseSecretKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        reservedConcurrency: 'true',
        runtimeDatabaseSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-db-runtime-QwErTy',
        existingClusterArn: EXISTING_CLUSTER_ARN,
        existingDatabaseSecretArn: EXISTING_DB_SECRET_ARN,
        databaseName: 'litemaas',
        litellmApiKeySecretArn: EXISTING_LITELLM_SECRET_ARN,
        litellmApiKeySecretKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        jwtIssuer: 'https://issuer.example.com',
        jwtAudience: 'litemaas',
        vpcId: 'vpc-0123abcd',
        subnetIds: 'subnet-0123abcd,subnet-0123abce',
        securityGroupIds: 'sg-0123abcd',
        autoSync: 'false',
      },
    ],
    ['PostgreSQL in a VPC through RDS Proxy', POSTGRES_CONTEXT],
    [
      'PostgreSQL in a VPC with KMS key, runtime user, database name, LiteMaaS tokens',
      {
        ...POSTGRES_CONTEXT,
        databaseHost: undefined,
        databaseName: 'litemaas',
        databaseSecretKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        runtimeDatabaseSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-db-runtime-QwErTy',
        litemaasJwtSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-jwt-AbCdEf',
      },
    ],
  ])('It should synthesize without findings (%s)', (_name, context) => {
    // Prepare
    const { app } = buildStack(context);

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).not.toThrow();
  });

  it('It should fail the synth on a finding nobody acknowledged', () => {
    // Prepare: a queue without a dead-letter queue or SSL enforcement
    const { app, stack } = buildStack({ ...NEW_DATABASE, litellmUrl: LITELLM_URL });
    new sqs.Queue(stack, 'UncheckedQueue');

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).toThrow(/AwsSolutions-SQS3/);
    expect(synth).toThrow(/AwsSolutions-SQS4/);
  });
});
