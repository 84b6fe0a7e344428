/**
 * The CloudFormation linter on every configuration the stack can be deployed in: zero errors, and
 * every warning either fixed or acknowledged in docs/deploy.md with its reason. And CDK's own
 * template validation, which `cdk synth` runs and the other template tests leave out (synth-stack.ts).
 *
 * cfn-lint is a Python tool, installed pinned into a git-ignored virtual environment by
 * scripts/cfn-lint/install.sh (run by `npm test` itself the first time). On CI a missing linter fails; on a laptop the
 * test is skipped with a message saying how to install it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStack, DEFAULT_CONTEXT, EXISTING_CLUSTER_ARN, EXISTING_DB_SECRET_ARN, EXISTING_LITELLM_SECRET_ARN, LITELLM_URL, NEW_DATABASE, POSTGRES_CONTEXT, templateFor } from './synth-stack.js';
import { runningOnCi } from '../support/ci.js';

const CFN_LINT = fileURLToPath(new URL('../../.venv/cfn-lint/bin/cfn-lint', import.meta.url));
const DEPLOY_GUIDE = new URL('../../docs/deploy.md', import.meta.url);

/** Warnings that stay, each explained in docs/deploy.md ("cfn-lint acknowledgements"). */
export const ACKNOWLEDGED_CFN_LINT_WARNINGS = ['W3005'] as const;

const EXISTING = {
  litellmUrl: LITELLM_URL,
  database: 'existing',
  existingDatabaseSecretArn: EXISTING_DB_SECRET_ARN,
  databaseName: 'litemaas',
};

/** Every configuration the issue names, plus the optional switches, so each branch of the stack is linted. */
const CONFIGURATIONS: Record<string, Record<string, unknown>> = {
  'new-cluster': { ...NEW_DATABASE, litellmUrl: LITELLM_URL, alarmEmail: 'ops@example.com' },
  'new-cluster-without-litellm-url': NEW_DATABASE,
  'existing-by-arn': {
    ...EXISTING,
    existingClusterArn: EXISTING_CLUSTER_ARN,
    litellmApiKeySecretArn: EXISTING_LITELLM_SECRET_ARN,
    litellmApiKeySecretKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    runtimeDatabaseSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-db-runtime-QwErTy',
  },
  'existing-by-identifier-with-kms': {
    ...EXISTING,
    existingClusterIdentifier: 'litemaas',
    databaseSecretKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  },
  jwt: { ...NEW_DATABASE, litellmUrl: LITELLM_URL, jwtIssuer: 'https://issuer.example.com', jwtAudience: 'litemaas' },
  'litemaas-token': {
    ...NEW_DATABASE,
    litellmUrl: LITELLM_URL,
    litemaasJwtSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-jwt-AbCdEf',
    litemaasJwtSecretKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    litemaasTokenMaxLifetimeHours: '8',
  },
  vpc: { ...NEW_DATABASE, litellmUrl: 'http://10.0.0.5:4000', vpcId: 'vpc-0123abcd', subnetIds: 'subnet-0123abcd,subnet-0123abce', securityGroupIds: 'sg-0123abcd' },
  'postgres-through-rds-proxy': POSTGRES_CONTEXT,
  'postgres-with-kms-and-runtime-user': {
    ...POSTGRES_CONTEXT,
    databaseHost: undefined,
    databaseName: 'litemaas',
    databaseSecretKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    runtimeDatabaseSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-db-runtime-QwErTy',
  },
  'auto-sync-off-no-deploy-sync-reserved': { ...NEW_DATABASE, litellmUrl: LITELLM_URL, autoSync: 'false', deploySync: 'false', reservedConcurrency: 'true' },
};

interface Finding {
  Rule: { Id: string };
  Level: string;
  Message: string;
  Filename: string;
}

const installed = existsSync(CFN_LINT);
if (!installed && !runningOnCi()) {
  console.error('cfn-lint is not installed, so its test is skipped: npm test installs it when Python 3.10+ is there.');
}

describe.skipIf(!installed && !runningOnCi())('cfn-lint on every configuration', () => {
  // Made in a hook: a skipped suite's body still runs while vitest collects, but its hooks do not.
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lint = (): Finding[] => {
    expect(existsSync(CFN_LINT), 'cfn-lint is missing: npm test installs it first (scripts/python-tools/ensure.sh)').toBe(true);
    const files = Object.entries(CONFIGURATIONS).map(([name, context]) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(templateFor(context).toJSON()));
      return file;
    });
    let output: string;
    try {
      output = execFileSync(CFN_LINT, ['--format', 'json', '--', ...files], { encoding: 'utf8' });
    } catch (error) {
      // cfn-lint exits non-zero whenever it reports anything; the findings are still on stdout.
      output = (error as { stdout?: string }).stdout ?? '';
      if (output === '') throw error;
    }
    return JSON.parse(output) as Finding[];
  };
  let findings: Finding[] | undefined;
  const allFindings = (): Finding[] => (findings ??= lint());

  // Ten configurations, each synthesized and then linted: minutes on a busy two-core machine.
  it('It should report no errors', { timeout: 480_000 }, () => {
    const errors = allFindings().filter((finding) => finding.Level === 'Error');
    expect(errors.map((finding) => `${finding.Rule.Id} ${finding.Filename}: ${finding.Message}`)).toEqual([]);
  });

  it('It should report only acknowledged warnings, and every acknowledgement should still be needed', { timeout: 480_000 }, () => {
    // Act
    const warnings = new Set(allFindings().filter((finding) => finding.Level === 'Warning').map((finding) => finding.Rule.Id));

    // Assess
    expect([...warnings].sort()).toEqual([...ACKNOWLEDGED_CFN_LINT_WARNINGS].sort());
  });

  it('It should explain each acknowledged warning in the deploy guide', () => {
    const guide = readFileSync(DEPLOY_GUIDE, 'utf8');
    for (const id of ACKNOWLEDGED_CFN_LINT_WARNINGS) expect(guide).toMatch(new RegExp(`\\| \`${id}\` \\|`));
  });
});

describe("CDK's built-in template validation", () => {
  it('It should find nothing in the default configuration, as `cdk synth` runs it', () => {
    // Act
    const assembly = buildStack(DEFAULT_CONTEXT, { builtinValidation: true }).app.synth();

    // Assess: CDK writes a report of every plugin that found something (its warnings included).
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
    expect(report.pluginReports).toEqual([]);
  });
});
