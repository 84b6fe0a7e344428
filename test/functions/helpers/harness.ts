import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { MIGRATE } from '../../../lib/db/sql/migrations.js';
import { startDataApiEmulator } from '../../support/data-api-emulator.js';
import type { DataApiEmulator } from '../../support/data-api-emulator.js';
import { startLiteLLMStandIn } from '../../../local/litellm-stand-in.js';
import { readFixture } from '../../support/fixtures.js';
import type { LiteLLMStandIn } from '../../../local/litellm-stand-in.js';
import { startTestPostgres } from '../../support/postgres.js';
import type { TestPostgres } from '../../support/postgres.js';
import { modelRows } from '../../support/table-snapshot.js';
import { captureOutput } from './capture-output.js';
import type { CapturedOutput } from './capture-output.js';

export const LITELLM_KEY_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas/litellm-key-AbCdEf';

/** Everything a handler talks to, for real where it can be run and mocked where it cannot. */
export interface FunctionHarness {
  postgres: TestPostgres;
  litellm: LiteLLMStandIn;
  dataApi: DataApiEmulator;
  /** The Secrets Manager mock: `GetSecretValue` answers the configured secret string. */
  secrets: ReturnType<typeof mockClient>;
  output: CapturedOutput;
  /** Applies the schema, as the deploy-time function would have done. */
  migrate(): Promise<void>;
  /** The `model_sync_runs` rows, oldest first, as plain JSON-able objects. */
  recordedRuns(): Promise<Record<string, unknown>[]>;
  /** Every `models` row, ordered by id: a snapshot to prove a failed run changed nothing. */
  models(): Promise<Record<string, unknown>[]>;
  /** Clears captured output and Data API faults, and serves the basic fixture again: for `beforeEach`. */
  reset(): void;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** What the LiteLLM key secret holds (a plain key or JSON with `apiKey`). */
  secretString: string;
  /** Extra or overriding environment variables; `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** Applies the schema, for handlers that expect a migrated database. @default false */
  migrate?: boolean;
}

/**
 * Starts PostgreSQL, the Data API emulator over it, the LiteLLM stand-in (serving the basic
 * fixture), mocks Secrets Manager, sets the function environment and starts capturing output.
 * Import the handler module (dynamically) only after this resolved: it reads the environment
 * when it loads.
 *
 * @example
 * let harness: FunctionHarness;
 * let handler: Handler;
 * beforeAll(async () => {
 *   harness = await startHarness({ secretString: 'sk-key', migrate: true });
 *   ({ handler } = await import('../scheduled-sync-and-background-runs.js'));
 * });
 * afterAll(() => harness.stop());
 * beforeEach(() => harness.reset());
 */
export async function startHarness(options: HarnessOptions): Promise<FunctionHarness> {
  const postgres = await startTestPostgres();
  const litellm = await startLiteLLMStandIn({ body: readFixture('model-info-basic.json') });
  const dataApi = startDataApiEmulator(postgres.connectionString);
  const secrets = mockClient(SecretsManagerClient);
  secrets.on(GetSecretValueCommand, { SecretId: LITELLM_KEY_SECRET_ARN }).resolves({
    ARN: LITELLM_KEY_SECRET_ARN,
    Name: 'litemaas/litellm-key',
    SecretString: options.secretString,
  });
  const environment: Record<string, string | undefined> = {
    AWS_REGION: 'eu-west-1',
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_METRICS_DISABLED: 'false',
    LITELLM_API_URL: litellm.url,
    // The stand-in serves plain HTTP on loopback: the opt-in the stack sets inside a VPC.
    LITELLM_ALLOW_INSECURE: 'true',
    LITELLM_API_KEY_SECRET_ARN: LITELLM_KEY_SECRET_ARN,
    DB_CLUSTER_ARN: 'arn:aws:rds:eu-west-1:123456789012:cluster:litemaas',
    DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas/db-AbCdEf',
    DB_NAME: 'litemaas',
    ...options.env,
  };
  for (const [name, value] of Object.entries(environment)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const output = captureOutput();
  if (options.migrate === true) await postgres.client.query(MIGRATE.text);
  return {
    postgres,
    litellm,
    dataApi,
    secrets,
    output,
    migrate: async () => {
      await postgres.client.query(MIGRATE.text);
    },
    recordedRuns: async () => {
      const { rows } = await postgres.client.query<{ run: Record<string, unknown> }>(
        'SELECT to_jsonb(r) AS run FROM model_sync_runs r ORDER BY started_at, id',
      );
      return rows.map((row) => row.run);
    },
    models: () => modelRows(postgres.client),
    reset() {
      output.clear();
      dataApi.clearFaults();
      litellm.answer({ body: readFixture('model-info-basic.json') });
    },
    async stop() {
      output.restore();
      secrets.restore();
      await dataApi.close();
      await litellm.close();
      await postgres.stop();
    },
  };
}
