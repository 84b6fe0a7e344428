/**
 * `database=postgres` through the built Lambda bundles (esbuild, as `npm run build` and the CDK
 * make them) on the pinned Node 24, against a real PostgreSQL that accepts TLS only, with a
 * certificate for `localhost` signed by a test CA. Secrets Manager is aws-sdk-client-mock behind a
 * loopback endpoint (the bundle's own SDK sends real requests, test/support/secrets-manager-endpoint.ts).
 * The test CA reaches the functions as a private CA would: a PEM named by NODE_EXTRA_CA_CERTS.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLiteLLMStandIn } from '../../local/litellm-stand-in.js';
import type { LiteLLMStandIn } from '../../local/litellm-stand-in.js';
import type { HandlerName } from '../../scripts/handler-bundles.js';
import { getRuns, httpEvent, postSync, scheduledEvent } from '../support/lambda-events.js';
import { readFixture } from '../support/fixtures.js';
import { builtHandler } from '../support/built-handlers.js';
import { invokeBundle } from '../support/lambda-bundle.js';
import type { BundleOutcome } from '../support/lambda-bundle.js';
import { startSecretsManagerEndpoint } from '../support/secrets-manager-endpoint.js';
import type { SecretsManagerEndpoint } from '../support/secrets-manager-endpoint.js';
import { holdSyncLock } from '../support/sync-lock.js';
import { modelRows } from '../support/table-snapshot.js';
import { startTlsPostgres } from '../support/tls-postgres.js';
import type { TlsPostgres } from '../support/tls-postgres.js';

const DB_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-db-AbCdEf';
const LITELLM_KEY_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litellm-key-XyZ123';

let postgres: TlsPostgres;
let litellm: LiteLLMStandIn;
let endpoint: SecretsManagerEndpoint;
const bundles = new Map<HandlerName, string>();

/** The secret as RDS writes it; `host` is the name the server's certificate carries. */
function rdsSecret(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    engine: 'postgres',
    host: 'localhost',
    port: postgres.port,
    username: postgres.user,
    password: postgres.password,
    dbname: 'postgres',
    dbInstanceIdentifier: 'litemaas',
    ...overrides,
  });
}

function answerSecrets(databaseSecret: string): void {
  endpoint.secrets.reset();
  endpoint.secrets.on(GetSecretValueCommand, { SecretId: DB_SECRET_ARN }).resolves({ ARN: DB_SECRET_ARN, Name: 'litemaas-db', SecretString: databaseSecret });
  endpoint.secrets.on(GetSecretValueCommand, { SecretId: LITELLM_KEY_SECRET_ARN }).resolves({ ARN: LITELLM_KEY_SECRET_ARN, Name: 'litellm-key', SecretString: 'sk-bundle-key' });
}

/** What the stack sets on the functions with database=postgres (infra/constructs/vpc-postgres-database.ts), plus the test's endpoints. */
function environment(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const variables: Record<string, string | undefined> = {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url,
    POWERTOOLS_DEV: 'false',
    DB_ADAPTER: 'postgres',
    DB_SECRET_ARN,
    LITELLM_API_URL: litellm.url,
    LITELLM_ALLOW_INSECURE: 'true',
    LITELLM_API_KEY_SECRET_ARN: LITELLM_KEY_SECRET_ARN,
    SYNC_SCHEDULE_ENABLED: 'true',
    SYNC_INTERVAL_MINUTES: '60',
    NODE_EXTRA_CA_CERTS: postgres.caFile,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

async function invoke(name: HandlerName, event: unknown, overrides: Record<string, string | undefined> = {}): Promise<BundleOutcome> {
  const file = bundles.get(name);
  if (file === undefined) throw new Error(`${name} was not built`);
  return invokeBundle(file, event, environment(overrides), name === 'deploy-sync' ? 300_000 : 28_000);
}

function body(outcome: BundleOutcome): Record<string, unknown> {
  return JSON.parse(outcome.answer?.body ?? '{}') as Record<string, unknown>;
}

beforeAll(async () => {
  [postgres, litellm, endpoint] = await Promise.all([
    startTlsPostgres(),
    startLiteLLMStandIn({ body: readFixture('model-info-basic.json') }),
    startSecretsManagerEndpoint(),
  ]);
  for (const name of ['deploy-sync', 'scheduled-sync', 'sync-api', 'sync-read-api'] as const) {
    bundles.set(name, (await builtHandler(name)).file);
  }
}, 180_000);
afterAll(async () => {
  await endpoint?.close();
  await litellm?.close();
  await postgres?.stop();
});
beforeEach(() => answerSecrets(rdsSecret()));

describe('database=postgres through the built bundles, over TLS verify-full', () => {
  it('It should migrate and sync at deploy time, signed in with the RDS-format secret', { timeout: 120_000 }, async () => {
    // Act
    const outcome = await invoke('deploy-sync', {});

    // Assess
    expect(outcome.error).toBeUndefined();
    expect(outcome.answer).toMatchObject({ migrated: true, synced: true });
    expect((await modelRows(postgres.client)).map((row) => row.id)).toHaveLength(4);
    const asked = endpoint.secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId);
    expect(asked).toEqual(expect.arrayContaining([DB_SECRET_ARN, LITELLM_KEY_SECRET_ARN]));
    // Over TLS: the server takes TCP only through hostssl, and the untrusted-CA case below is refused.
  });

  it('It should run the scheduled sync and record it, and answer the API from the same database', { timeout: 90_000 }, async () => {
    // Act
    const scheduled = await invoke('scheduled-sync', scheduledEvent());
    const started = await invoke('sync-api', postSync());
    const runs = await invoke('sync-read-api', getRuns());
    const status = await invoke('sync-read-api', httpEvent({ method: 'GET', routeKey: 'GET /sync/status', path: '/sync/status', authorizer: 'iam' }));

    // Assess
    expect(scheduled.answer).toMatchObject({ success: true, trigger: 'schedule', skipped: false });
    expect(started.answer?.statusCode).toBe(200);
    expect(body(started)).toMatchObject({ success: true, trigger: 'manual' });
    expect(runs.answer?.statusCode).toBe(200);
    const triggers = (body(runs).runs as { trigger: string }[]).map((run) => run.trigger);
    expect(triggers.slice(0, 3)).toEqual(['manual', 'schedule', 'deploy']);
    expect(status.answer?.statusCode).toBe(200);
    expect(body(status)).toMatchObject({ lastRun: { trigger: 'manual', status: 'succeeded' } });
  });

  it('It should skip a scheduled run while another sync holds the lock', { timeout: 60_000 }, async () => {
    // Prepare
    const lock = await holdSyncLock(postgres.client);

    // Act
    let outcome: BundleOutcome;
    try {
      outcome = await invoke('scheduled-sync', scheduledEvent());
    } finally {
      await lock.release();
    }

    // Assess
    expect(outcome.error).toBeUndefined();
    expect(outcome.answer).toMatchObject({ success: false, skipped: true });
  });

  it('It should connect through a host override (an RDS Proxy endpoint) instead of the secret\'s host', { timeout: 60_000 }, async () => {
    // Prepare: a secret whose host cannot resolve; DB_HOST names the server.
    answerSecrets(rdsSecret({ host: 'litemaas.cluster-unreachable.invalid' }));

    // Act
    const outcome = await invoke('scheduled-sync', scheduledEvent(), { DB_HOST: 'localhost' });

    // Assess
    expect(outcome.answer).toMatchObject({ success: true });
  });
});

describe('database=postgres through the built bundles: failures say what to fix', () => {
  it('It should refuse a server whose CA it does not trust, in one line, and change nothing', { timeout: 60_000 }, async () => {
    // Prepare
    const before = await modelRows(postgres.client);

    // Act
    const outcome = await invoke('scheduled-sync', scheduledEvent(), { NODE_EXTRA_CA_CERTS: undefined });

    // Assess
    expect(outcome.error).toMatch(/Could not connect to PostgreSQL at localhost:\d+\/postgres: the server's TLS certificate was not accepted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)\. The functions trust the Amazon RDS CAs/);
    expect(outcome.error).not.toContain('\n');
    expect(await modelRows(postgres.client)).toEqual(before);
  });

  it('It should check the certificate names the host it connects to (verify-full)', { timeout: 60_000 }, async () => {
    // Act: the certificate names localhost only
    const outcome = await invoke('scheduled-sync', scheduledEvent(), { DB_HOST: '127.0.0.1' });

    // Assess
    expect(outcome.error).toMatch(/TLS certificate was not accepted \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
  });

  it('It should name the secret problem without quoting the secret', { timeout: 60_000 }, async () => {
    // Prepare
    answerSecrets(JSON.stringify({ engine: 'mysql', host: 'localhost', username: 'admin', password: 'Sup3r-Secret-Pw' }));

    // Act
    const outcome = await invoke('sync-api', postSync());

    // Assess
    expect(outcome.answer?.statusCode).toBeGreaterThanOrEqual(400);
    expect(outcome.log).toContain('is for engine \\"mysql\\"; the sync needs a PostgreSQL secret');
    expect(`${outcome.log}${outcome.answer?.body ?? ''}`).not.toContain('Sup3r-Secret-Pw');
  });

  it('It should say the database secret could not be read, and by which variable', { timeout: 60_000 }, async () => {
    // Prepare
    endpoint.secrets.reset();
    endpoint.secrets.on(GetSecretValueCommand, { SecretId: LITELLM_KEY_SECRET_ARN }).resolves({ SecretString: 'sk-bundle-key' });
    endpoint.secrets.on(GetSecretValueCommand, { SecretId: DB_SECRET_ARN }).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));

    // Act
    const outcome = await invoke('scheduled-sync', scheduledEvent());

    // Assess
    expect(outcome.error).toMatch(/Could not read the database secret named by DB_SECRET_ARN \(AccessDeniedException\)/);
  });
});
