import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { LITELLM_KEY_PLACEHOLDER } from '../../functions/commons/secrets/litellm-key-placeholder.js';
import { buildStack } from '../infra/synth-stack.js';
import { excerpt, FaultReport } from '../support/fault-report.js';
import { SENTINEL_MASTER_KEY } from '../support/reliability-database.js';
import { leakedSecrets, SENTINEL_CREDENTIALS } from '../support/sentinels.js';

const report = new FaultReport('template-secrets');

afterAll(() => {
  report.write();
});

/** Environment variables an operator might have set in the shell that runs `cdk synth`. */
const OPERATOR_SHELL = {
  LITELLM_API_KEY: SENTINEL_MASTER_KEY,
  LITELLM_MASTER_KEY: SENTINEL_MASTER_KEY,
  DATABASE_URL: `postgres://admin:${SENTINEL_CREDENTIALS.urlPassword}@db.internal:5432/litemaas`,
};

function synth(context: Record<string, unknown>): string {
  // Bundling is skipped (buildStack): the assets are not what this test is about. The database mode
  // is required; with it given, a refusal names only the fault under test.
  const { stack } = buildStack({ database: 'new', ...context });
  return JSON.stringify(Template.fromStack(stack).toJSON());
}

function synthError(context: Record<string, unknown>): string {
  try {
    synth(context);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return '';
}

describe('The synthesized template never holds the master key or a credential', () => {
  const saved = Object.fromEntries(Object.keys(OPERATOR_SHELL).map((name) => [name, process.env[name]]));
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('It should hold even when the shell that synthesizes holds the key and a database password', () => {
    Object.assign(process.env, OPERATOR_SHELL);
    const template = synth({ litellmUrl: 'https://litellm.example.com' });
    const leaks = leakedSecrets(template);
    report.add({
      fault: 'cdk synth with LITELLM_API_KEY, LITELLM_MASTER_KEY and a DATABASE_URL password in the environment',
      outcome: 'template synthesized; the LiteLLM key secret holds only the placeholder',
      invariants: leaks.length === 0 ? 'held: no sentinel anywhere in the template' : `VIOLATED: ${leaks.join(', ')}`,
    });
    expect(template).toContain(LITELLM_KEY_PLACEHOLDER);
    expect(template).toContain('https://litellm.example.com');
    expect(leaks).toEqual([]);
  });

  const refusals = [
    { fault: 'Master key given as context (-c litellmApiKey=…)', context: { litellmApiKey: SENTINEL_MASTER_KEY }, message: /never pass the LiteLLM key in context/ },
    { fault: 'Master key given as context (-c apiKey=…)', context: { apiKey: SENTINEL_MASTER_KEY }, message: /never pass the LiteLLM key in context/ },
    {
      fault: 'litellmUrl with user:password@',
      context: { litellmUrl: `https://admin:${SENTINEL_CREDENTIALS.urlPassword}@litellm.example.com` },
      message: /litellmUrl must not contain credentials/,
    },
  ];
  it.each(refusals)('It should refuse $fault without echoing the secret', ({ fault, context, message }) => {
    const error = synthError(context);
    report.add({
      fault: `cdk synth: ${fault}`,
      outcome: `synth refused — "${excerpt(error.replace(/^Invalid CDK context:\s*-\s*/, ''))}"`,
      invariants: leakedSecrets(error).length === 0 ? 'held: the error does not quote the secret; no template written' : 'VIOLATED: the error quotes the secret',
    });
    expect(error).toMatch(message);
    expect(leakedSecrets(error)).toEqual([]);
  });
});
