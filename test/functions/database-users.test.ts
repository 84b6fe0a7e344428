import { GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeploySyncOutcome } from '../../functions/deploy-sync.js';
import { grantStatements, ROLE_GRANTS } from '../../lib/db/sql/database-roles.js';
import { scheduledEvent, getRun, getRuns, httpEvent } from '../support/lambda-events.js';
import { LITELLM_KEY_SECRET_ARN, loadHandler, useFunctionHarness } from '../support/function-harness.js';
import type { ApiHandler, FunctionModule } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

// The deploy-time function makes the writer and reader users; the scheduled function then signs in
// as the writer and the read function as the reader, through the Data API emulator, which signs
// each call in as the user of its secret, like the real Data API.

const SECRET = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;
const MAIN_SECRET_ARN = SECRET('litemaas/db');

/** The secrets as Secrets Manager would hold them: SecretString by ARN. */
const stored = new Map<string, string>();
/** Every secret a Data API call signed in with. */
const signedInWith = new Set<string>();
let mainPassword = '';
let testNumber = 0;

type DeployHandler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<DeploySyncOutcome>;
type ScheduledHandler = (event: unknown) => Promise<{ success: boolean; runId?: string } | undefined>;

const harness = useFunctionHarness({
  secretString: 'sk-users-key',
  env: { DB_SECRET_ARN: MAIN_SECRET_ARN },
  signIn: (secretArn) => {
    if (secretArn !== undefined) signedInWith.add(secretArn);
    const value = secretArn === undefined ? undefined : stored.get(secretArn);
    return value === undefined ? undefined : (JSON.parse(value) as { username: string; password: string });
  },
});
beforeAll(() => {
  // The embedded server's owner signs in over its private socket by peer authentication, with no
  // password to take from the URL; the main secret still holds one, as every RDS-format secret does.
  mainPassword = new URL(harness.postgres.connectionString).password || 'Main0Password0Unused0Over0The0Socket';
  harness.secrets.on(GetSecretValueCommand).callsFake((input: { SecretId?: string }) => {
    const value = stored.get(input.SecretId ?? '');
    if (value === undefined) throw new Error(`no secret ${input.SecretId ?? ''}`);
    return { ARN: input.SecretId, SecretString: value };
  });
  harness.secrets.on(GetSecretValueCommand, { SecretId: LITELLM_KEY_SECRET_ARN }).resolves({ ARN: LITELLM_KEY_SECRET_ARN, SecretString: 'sk-users-key' });
  harness.secrets.on(PutSecretValueCommand).callsFake((input: { SecretId?: string; SecretString?: string }) => {
    stored.set(input.SecretId ?? '', input.SecretString ?? '');
    return { ARN: input.SecretId };
  });
});
beforeEach(() => {
  signedInWith.clear();
});

/** Fresh role names and secrets (roles are cluster-wide), the main secret for `main`, and the deploy-time variables. */
function configure(main: { username: string; password: string }) {
  testNumber += 1;
  const roles = { writer: `sync_writer_${process.pid}_${testNumber}`, reader: `sync_reader_${process.pid}_${testNumber}` };
  const secrets = { writer: SECRET(`writer-${testNumber}`), reader: SECRET(`reader-${testNumber}`) };
  stored.set(MAIN_SECRET_ARN, JSON.stringify(main));
  // As CloudFormation generates them: the role name and a random password.
  stored.set(secrets.writer, JSON.stringify({ username: roles.writer, password: `Generated0Writer0Password0${testNumber}` }));
  stored.set(secrets.reader, JSON.stringify({ username: roles.reader, password: `Generated0Reader0Password0${testNumber}` }));
  Object.assign(process.env, {
    DB_SECRET_ARN: MAIN_SECRET_ARN,
    DB_WRITER_SECRET_ARN: secrets.writer,
    DB_WRITER_ROLE: roles.writer,
    DB_READER_SECRET_ARN: secrets.reader,
    DB_READER_ROLE: roles.reader,
  });
  return { roles, secrets };
}

/** Loads a handler afresh with `DB_SECRET_ARN` as given, as the stack configures each function. */
async function load<T>(module: FunctionModule, secretArn: string): Promise<T> {
  process.env.DB_SECRET_ARN = secretArn;
  return loadHandler<T>(module);
}

async function deploy(): Promise<DeploySyncOutcome> {
  const handler = await load<DeployHandler>('deploy-sync', MAIN_SECRET_ARN);
  return handler({ RequestType: 'Update' }, lambdaContext('model-sync-deploy', 120_000));
}

function secretValues(): string {
  return [...stored.values()].map((value) => (JSON.parse(value) as { password?: string }).password ?? value).join('|');
}

function passwordsIn(text: string): string[] {
  return [...stored.values(), mainPassword]
    .map((value) => (value.startsWith('{') ? ((JSON.parse(value) as { password?: string }).password ?? '') : value))
    .filter((password) => password !== '' && text.includes(password));
}

describe('the writer and reader users on a main user that may create roles', () => {
  it('It should create both at deploy, then sync as the writer and answer the three GET routes as the reader', async () => {
    // Prepare
    const { roles, secrets } = configure({ username: 'postgres', password: mainPassword });

    // Act
    const outcome = await deploy();
    const scheduled = await load<ScheduledHandler>('scheduled-sync-and-background-runs', secrets.writer);
    const result = await scheduled(scheduledEvent());
    const readApi = await load<ApiHandler>('sync-read-api', secrets.reader);
    const context = lambdaContext('model-sync-read-api', 28_000);
    const answers = [
      await readApi(getRuns(), context),
      await readApi(getRun(result?.runId ?? ''), context),
      await readApi(httpEvent({ method: 'GET', routeKey: 'GET /sync/status', path: '/sync/status' }), context),
    ];

    // Assess
    expect(outcome).toMatchObject({ migrated: true, synced: true });
    expect(result).toMatchObject({ success: true });
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
    expect(JSON.parse(answers[2]?.body ?? '{}')).toMatchObject({ databaseUsers: { sync: roles.writer, read: roles.reader } });
    expect([...signedInWith]).toEqual([MAIN_SECRET_ARN, secrets.writer, secrets.reader]);
    const { rows } = await harness.postgres.client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1) ORDER BY 1', [[roles.reader, roles.writer]]);
    expect(rows.map((row) => row.rolname)).toEqual([roles.reader, roles.writer]);
    expect(harness.output.records().some((record) => record.message === `Database users: migrations as "postgres", the scheduled and start functions as "${roles.writer}", the read function as "${roles.reader}".`)).toBe(true);
    expect(passwordsIn(harness.output.text())).toEqual([]);
  }, 30_000);

  it('It should set the password of a changed secret again on the next deploy', async () => {
    // Prepare
    const { roles, secrets } = configure({ username: 'postgres', password: mainPassword });
    await deploy();
    stored.set(secrets.writer, JSON.stringify({ username: roles.writer, password: 'Rotated0By0An0Operator0Value' }));

    // Act
    await deploy();
    const scheduled = await load<ScheduledHandler>('scheduled-sync-and-background-runs', secrets.writer);
    const result = await scheduled(scheduledEvent());

    // Assess
    expect(result).toMatchObject({ success: true });
    expect(secretValues()).toContain('Rotated0By0An0Operator0Value');
  }, 30_000);
});

describe('the writer and reader users on a main user without CREATEROLE', () => {
  /** A main user like docs/litemaas.md's `model_sync`: it may use the sync's tables, not create roles. */
  async function limitedMainUser(): Promise<{ username: string; password: string }> {
    await harness.migrate();
    const username = `limited_main_${process.pid}_${testNumber + 1}`;
    const password = `Limited0Main0Password0${testNumber + 1}`;
    const client = harness.postgres.client;
    await client.query(`CREATE ROLE ${username} LOGIN PASSWORD '${password}'`);
    await client.query(`GRANT SELECT, INSERT, UPDATE ON models TO ${username}`);
    // The sync's own objects are its own, as after its first migration on a LiteMaaS database.
    for (const table of ['model_sync_runs', 'model_sync_fingerprints', 'model_sync_missing', 'model_sync_changes']) await client.query(`ALTER TABLE ${table} OWNER TO ${username}`);
    for (const fn of ['model_sync_take_lock()', 'model_sync_bounded_change(jsonb)', 'model_sync_write_litemaas_audit(jsonb)']) {
      await client.query(`ALTER FUNCTION ${fn} OWNER TO ${username}`);
    }
    return { username, password };
  }

  it('It should not fail the deploy: one line names CREATEROLE and the SQL, and the functions sign in as the main user', async () => {
    // Prepare
    const main = await limitedMainUser();
    const { roles, secrets } = configure(main);

    // Act
    const outcome = await deploy();
    const scheduled = await load<ScheduledHandler>('scheduled-sync-and-background-runs', secrets.writer);
    const result = await scheduled(scheduledEvent());

    // Assess
    expect(outcome).toMatchObject({ migrated: true, synced: true });
    expect(result).toMatchObject({ success: true });
    expect(JSON.parse(stored.get(secrets.writer) ?? '{}')).toEqual(main);
    expect(JSON.parse(stored.get(secrets.reader) ?? '{}')).toEqual(main);
    const warnings = harness.output.records().filter((record) => record.level === 'WARN');
    expect(warnings.map((record) => record.message)).toEqual([
      `Database users not created: the main database user "${main.username}" lacks CREATEROLE, the grant option on table models, ` +
        `so the scheduled and start functions sign in as "${main.username}" and the read function as "${main.username}". ` +
        `An administrator can run: ALTER ROLE ${main.username} CREATEROLE; GRANT INSERT, SELECT, UPDATE ON TABLE models TO ${main.username} WITH GRANT OPTION; ` +
        'then run the deploy-time function again (aws lambda invoke, or the next deploy).',
    ]);
    const { rows } = await harness.postgres.client.query('SELECT 1 FROM pg_roles WHERE rolname = ANY($1)', [[roles.reader, roles.writer]]);
    expect(rows).toEqual([]);
    expect(passwordsIn(JSON.stringify(warnings))).toEqual([]);
  }, 30_000);

  it("It should give the reader the operator's runtime user, never the main user, when runtimeDatabaseSecretArn is set", async () => {
    // Prepare: the operator's own writer (runtimeDatabaseSecretArn), made with the writer's grants.
    const main = await limitedMainUser();
    const { secrets } = configure(main);
    const runtime = { username: `operator_runtime_${process.pid}_${testNumber}`, password: 'Operator0Runtime0Password' };
    await harness.postgres.client.query(`CREATE ROLE ${runtime.username} LOGIN PASSWORD '${runtime.password}'`);
    for (const statement of grantStatements(ROLE_GRANTS.writer, runtime.username)) await harness.postgres.client.query(statement);
    stored.set(secrets.writer, JSON.stringify(runtime));
    delete process.env.DB_WRITER_ROLE;

    // Act
    const outcome = await deploy();

    // Assess
    expect(outcome).toMatchObject({ migrated: true });
    expect(JSON.parse(stored.get(secrets.writer) ?? '{}')).toEqual(runtime);
    expect(JSON.parse(stored.get(secrets.reader) ?? '{}')).toEqual(runtime);
  }, 30_000);
});
