import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import { MIGRATE } from '../../lib/db/sql/migrations.js';
import { startDataApiEmulator } from './data-api-emulator.js';
import type { DataApiEmulator, DataApiSignIn } from './data-api-emulator.js';
import { startLiteLLMStandIn } from '../../local/litellm-stand-in.js';
import { readFixture } from './fixtures.js';
import type { LiteLLMStandIn } from '../../local/litellm-stand-in.js';
import { startTestPostgres } from './postgres.js';
import type { TestPostgres } from './postgres.js';
import { modelRows } from './table-snapshot.js';
import { captureOutput } from './capture-output.js';
import type { CapturedOutput } from './capture-output.js';
import type { lambdaContext } from './lambda-context.js';

export const LITELLM_KEY_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas/litellm-key-AbCdEf';

/**
 * Everything a handler talks to, for real where it can be run and mocked where it cannot. Its
 * functions use no `this`: {@link useFunctionHarness} hands them out from the started harness.
 */
export interface FunctionHarness {
  postgres: TestPostgres;
  litellm: LiteLLMStandIn;
  dataApi: DataApiEmulator;
  /** The Secrets Manager mock: `GetSecretValue` answers the configured secret string. */
  secrets: ReturnType<typeof mockClient>;
  output: CapturedOutput;
  /** Applies the schema, as the deploy-time function would have done. */
  migrate: () => Promise<void>;
  /** The `model_sync_runs` rows, oldest first, as plain JSON-able objects; none before the schema is applied. */
  recordedRuns: () => Promise<Record<string, unknown>[]>;
  /** Every `models` row, ordered by id: a snapshot to prove a failed run changed nothing. */
  models: () => Promise<Record<string, unknown>[]>;
  /** Empties the tables the sync writes (migrated): a test that counts from an empty catalog starts here, whatever ran before it. */
  emptyTables: () => Promise<void>;
  /** Clears captured output, the LiteLLM and Data API call logs and the Data API's faults, and serves the basic fixture again: for `beforeEach`. */
  reset: () => void;
  stop: () => Promise<void>;
}

export interface HarnessOptions {
  /** What the LiteLLM key secret holds (a plain key or JSON with `apiKey`). */
  secretString: string;
  /** Extra or overriding environment variables; `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** Applies the schema, for handlers that expect a migrated database. @default false */
  migrate?: boolean;
  /** Which user each database secret signs in as. @default - every secret as the server's own user */
  signIn?: DataApiSignIn;
}

/** The handler of an HTTP API function (`sync-api`, `sync-read-api`). */
export type ApiHandler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

/** The functions' entry points, `functions/<name>.ts`. */
export type FunctionModule = 'sync-api' | 'sync-read-api' | 'scheduled-sync-and-background-runs' | 'deploy-sync';

/**
 * Registers the hooks of a handler test file: the harness starts before the file's tests, is
 * reset before each test ({@link FunctionHarness.reset}) and stops after the file. The handle
 * answers once the harness has started: use it in hooks and tests, and load the handler in a
 * `beforeAll` registered after this call (it reads the environment the harness sets).
 *
 * @example
 * const harness = useFunctionHarness({ secretString: 'sk-key', migrate: true });
 * let handler: ApiHandler;
 * beforeAll(async () => {
 *   handler = await loadHandler<ApiHandler>('sync-api');
 * });
 */
export function useFunctionHarness(options: HarnessOptions): FunctionHarness {
  let started: FunctionHarness | undefined;
  beforeAll(async () => {
    started = await startHarness(options);
  });
  afterAll(() => started?.stop());
  beforeEach(() => started?.reset());
  return new Proxy({} as FunctionHarness, {
    get(_handle, property: keyof FunctionHarness) {
      if (started === undefined) throw new Error('The function harness starts in beforeAll: use it in hooks and tests, not while the file loads.');
      return started[property];
    },
  });
}

/**
 * Loads a handler module afresh, as a new container would: it reads the environment as it is now
 * and shares no state (built configuration, clients, Powertools instances) with earlier loads,
 * but for Powertools Parameters' secret cache, which lives in node_modules (not reset here) and is
 * emptied once per file by test/support/fresh-container.ts; a test about secret reads empties it.
 */
export async function loadHandler<T>(module: FunctionModule): Promise<T> {
  vi.resetModules();
  return ((await import(`../../functions/${module}.ts`)) as { handler: T }).handler;
}

/** Loads the read function as the stack configures it: without the LiteLLM settings the harness sets. */
export async function loadReadApi(): Promise<ApiHandler> {
  delete process.env.LITELLM_API_URL;
  delete process.env.LITELLM_API_KEY_SECRET_ARN;
  return loadHandler<ApiHandler>('sync-read-api');
}

/**
 * Starts PostgreSQL, the Data API emulator over it, the LiteLLM stand-in (serving the basic
 * fixture), mocks Secrets Manager, sets the function environment and starts capturing output.
 * Load the handler ({@link loadHandler}) only after this resolved: it reads the environment when
 * it loads. A test file uses {@link useFunctionHarness}, which registers the hooks around this.
 */
async function startHarness(options: HarnessOptions): Promise<FunctionHarness> {
  const postgres = await startTestPostgres();
  const litellm = await startLiteLLMStandIn({ body: readFixture('model-info-basic.json') });
  const dataApi = startDataApiEmulator(postgres.connectionString, options.signIn);
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
      const { rows: [table] } = await postgres.client.query<{ found: boolean }>("SELECT to_regclass('model_sync_runs') IS NOT NULL AS found");
      if (table?.found !== true) return [];
      const { rows } = await postgres.client.query<{ run: Record<string, unknown> }>(
        'SELECT to_jsonb(r) AS run FROM model_sync_runs r ORDER BY started_at, id',
      );
      return rows.map((row) => row.run);
    },
    models: () => modelRows(postgres.client),
    emptyTables: async () => {
      await postgres.client.query('TRUNCATE models, model_sync_runs, model_sync_fingerprints, model_sync_missing, model_sync_changes');
    },
    reset() {
      output.clear();
      dataApi.clearFaults();
      dataApi.calls.length = 0;
      litellm.requests.length = 0;
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
