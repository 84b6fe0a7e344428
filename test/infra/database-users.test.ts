import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { databaseRoleName } from '../../infra/constructs/sync-database.js';
import { DEFAULT_CONTEXT, environmentOf, EXISTING_CONTEXT, EXISTING_DB_SECRET_ARN, logicalId, resourcesOf, statementsOf, templateFor } from './synth-stack.js';

const RUNTIME_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-db-runtime-QwErTy';
const READER_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-db-reader-AsDfGh';
const KMS_KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const RUNTIME_FUNCTIONS = ['ScheduledSyncFunction', 'SyncApiFunction', 'SyncReadApiFunction'];

/** Every statement of the policies attached to the role of the function `prefix`. */
function roleStatements(template: Template, prefix: string): { Action: unknown; Resource: unknown }[] {
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles).includes(`"${prefix}Role`))
    .flatMap((policy) => statementsOf<{ Action: unknown; Resource: unknown }>(policy));
}

/** How the template refers to the main database secret: the new cluster's secret (and its attachment), or the given ARN. */
function mainSecretReferences(template: Template, existing: boolean): string[] {
  if (existing) return [EXISTING_DB_SECRET_ARN];
  return [
    logicalId(template, 'AWS::SecretsManager::Secret', 'LiteMaaSModelSyncDatabaseClusterSecret'),
    logicalId(template, 'AWS::SecretsManager::SecretTargetAttachment', 'DatabaseClusterSecretAttachment'),
  ];
}

/** The generated secret of a writer or reader: `{ Ref: <logical id> }`. */
function generatedSecret(template: Template, kind: 'Writer' | 'Reader'): { Ref: string } {
  return { Ref: logicalId(template, 'AWS::SecretsManager::Secret', `Database${kind}UserSecret`) };
}

describe('the functions that run syncs and answer reads never sign in as the main user', () => {
  it.each([
    ['a new cluster', DEFAULT_CONTEXT, false],
    ['an existing cluster', EXISTING_CONTEXT, true],
    ['an existing cluster whose secret has a KMS key', { ...EXISTING_CONTEXT, databaseSecretKmsKeyArn: KMS_KEY_ARN }, true],
  ])('It should give the scheduled, start and read functions no access to the main secret on %s, in IAM and environment', (_name, context, existing) => {
    // Prepare
    const template = templateFor(context);
    const main = mainSecretReferences(template, existing);

    // Assess
    for (const prefix of RUNTIME_FUNCTIONS) {
      const seen = JSON.stringify([roleStatements(template, prefix), environmentOf(template, prefix)]);
      for (const reference of main) expect(seen, `${prefix} may reach ${reference}`).not.toContain(reference);
      expect(seen, `${prefix} may decrypt with the main secret's key`).not.toContain('kms:Decrypt');
    }
    expect(JSON.stringify(roleStatements(template, 'DeploySyncFunction'))).toContain(main.at(-1));
  });

  it.each([
    ['a new cluster', DEFAULT_CONTEXT],
    ['an existing cluster', EXISTING_CONTEXT],
  ])('It should sign the scheduled and start functions in as the writer and the read function as the reader on %s', (_name, context) => {
    // Prepare
    const template = templateFor(context);
    const writer = generatedSecret(template, 'Writer');
    const reader = generatedSecret(template, 'Reader');

    // Assess
    expect(environmentOf(template, 'ScheduledSyncFunction').DB_SECRET_ARN).toEqual(writer);
    expect(environmentOf(template, 'SyncApiFunction').DB_SECRET_ARN).toEqual(writer);
    expect(environmentOf(template, 'SyncReadApiFunction').DB_SECRET_ARN).toEqual(reader);
    expect(environmentOf(template, 'DeploySyncFunction')).toMatchObject({
      DB_WRITER_SECRET_ARN: writer,
      DB_WRITER_ROLE: 'litemaasmodelsync_writer',
      DB_READER_SECRET_ARN: reader,
      DB_READER_ROLE: 'litemaasmodelsync_reader',
    });
    const readerSecrets = roleStatements(template, 'SyncReadApiFunction').filter((statement) => JSON.stringify(statement.Action).includes('secretsmanager:GetSecretValue'));
    expect(readerSecrets.map((statement) => statement.Resource)).toEqual([reader]);
  });

  it('It should let CloudFormation generate the passwords: the template holds only the user names', () => {
    // Prepare
    const template = templateFor(DEFAULT_CONTEXT);

    // Assess
    for (const [kind, role] of [['Writer', 'litemaasmodelsync_writer'], ['Reader', 'litemaasmodelsync_reader']] as const) {
      const secret = resourcesOf(template, 'AWS::SecretsManager::Secret')[generatedSecret(template, kind).Ref];
      expect(secret?.Properties?.GenerateSecretString).toEqual({
        SecretStringTemplate: JSON.stringify({ username: role }),
        GenerateStringKey: 'password',
        ExcludePunctuation: true,
        PasswordLength: 40,
      });
      expect(secret?.Properties).not.toHaveProperty('SecretString');
    }
  });

  it('It should let only the deploy-time function write the generated secrets, and no other secret', () => {
    // Prepare
    const template = templateFor(DEFAULT_CONTEXT);
    const writes = (prefix: string) =>
      roleStatements(template, prefix)
        .filter((statement) => JSON.stringify(statement.Action).includes('secretsmanager:PutSecretValue'))
        .map((statement) => statement.Resource);

    // Assess
    expect(writes('DeploySyncFunction')).toEqual([generatedSecret(template, 'Writer'), generatedSecret(template, 'Reader')]);
    for (const prefix of RUNTIME_FUNCTIONS) expect(writes(prefix)).toEqual([]);
  });
});

describe("an operator's own database users", () => {
  it('It should keep runtimeDatabaseSecretArn for the scheduled and start functions and generate only the reader', () => {
    // Prepare
    const template = templateFor({ ...EXISTING_CONTEXT, runtimeDatabaseSecretArn: RUNTIME_SECRET_ARN });

    // Assess
    expect(environmentOf(template, 'ScheduledSyncFunction').DB_SECRET_ARN).toBe(RUNTIME_SECRET_ARN);
    expect(environmentOf(template, 'SyncApiFunction').DB_SECRET_ARN).toBe(RUNTIME_SECRET_ARN);
    expect(environmentOf(template, 'SyncReadApiFunction').DB_SECRET_ARN).toEqual(generatedSecret(template, 'Reader'));
    expect(environmentOf(template, 'DeploySyncFunction')).not.toHaveProperty('DB_WRITER_ROLE');
    expect(environmentOf(template, 'DeploySyncFunction')).toMatchObject({ DB_WRITER_SECRET_ARN: RUNTIME_SECRET_ARN, DB_READER_ROLE: 'litemaasmodelsync_reader' });
    expect(() => generatedSecret(template, 'Writer')).toThrow();
  });

  it('It should use readerDatabaseSecretArn for the read function, refused outside this account and region', () => {
    // Prepare
    const template = templateFor({ ...DEFAULT_CONTEXT, runtimeDatabaseSecretArn: RUNTIME_SECRET_ARN, readerDatabaseSecretArn: READER_SECRET_ARN });
    const rules = JSON.stringify(template.toJSON().Rules);

    // Assess
    expect(environmentOf(template, 'SyncReadApiFunction').DB_SECRET_ARN).toBe(READER_SECRET_ARN);
    expect(environmentOf(template, 'DeploySyncFunction')).not.toHaveProperty('DB_READER_ROLE');
    expect(Object.keys(resourcesOf(template, 'AWS::SecretsManager::Secret')).filter((id) => id.includes('UserSecret'))).toEqual([]);
    expect(rules).toContain('readerDatabaseSecretArn is in account 123456789012, region eu-west-1');
  });
});

describe('the role names', () => {
  it('It should name the roles after the instance, so two copies on one cluster never share a user', () => {
    expect(databaseRoleName('LiteMaaSModelSync-prod', 'writer')).toBe('litemaasmodelsync_prod_writer');
    expect(databaseRoleName('9lives', 'reader')).toBe('_9lives_reader');
    expect(databaseRoleName('x'.repeat(64), 'reader')).toHaveLength(63);
  });
});
