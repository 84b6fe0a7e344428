import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../../lib/db/postgres/database.js';
import { findFreePort } from '../../local/free-port.js';
import { startLiteLLMStandIn } from '../../local/litellm-stand-in.js';
import type { LiteLLMStandIn, LocalHttpServer, StandInAnswer } from '../../local/litellm-stand-in.js';
import { excerpt, FaultReport } from './support/fault-report.js';
import { basicEntries, fastService, SENTINEL_MASTER_KEY, startReliabilitySuite } from './support/reliability-database.js';
import type { ReliabilityDatabase } from './support/reliability-database.js';
import { describeOutcome, runSyncCase } from './support/run-case.js';
import type { CaseRun } from './support/run-case.js';
import { ALL_SENTINELS, entriesWithSecrets, leakedSecrets, SENTINEL_CREDENTIALS } from './support/sentinels.js';

const report = new FaultReport('secrets');
let db: ReliabilityDatabase;
let standIn: LiteLLMStandIn;
let stop: () => Promise<void>;
beforeAll(async () => ({ db, standIn, stop } = await startReliabilitySuite('secrets')));
afterAll(async () => {
  report.write(); // first, so that a failure while stopping cannot lose the file's rows
  await stop();
});
beforeEach(() => db.resetToBaseline());

/** Everything the sync persisted or returned, as one text to search. */
async function everythingStored(): Promise<{ models: string; runs: string }> {
  const models = await db.admin.query<{ row: string }>('SELECT to_jsonb(m)::text AS row FROM models m');
  const runs = await db.admin.query<{ row: string }>('SELECT to_jsonb(r)::text AS row FROM model_sync_runs r');
  return { models: models.rows.map((row) => row.row).join('\n'), runs: runs.rows.map((row) => row.row).join('\n') };
}

async function leaksAfter(run: CaseRun): Promise<Record<string, string[]>> {
  const service = fastService(db.database, standIn.url);
  const stored = await everythingStored();
  const listed = JSON.stringify(await service.listRuns(20));
  return {
    result: leakedSecrets(JSON.stringify(run.result)),
    models: leakedSecrets(stored.models),
    runs: leakedSecrets(stored.runs),
    listRuns: leakedSecrets(listed),
  };
}

// The functions' log lines are checked for the key in test/functions/secret-safety.test.ts; the
// library itself logs nothing (expected failures are described by the result checked here).
function service(url = standIn.url): ReturnType<typeof fastService> {
  return fastService(db.database, url);
}

function noLeaks(leaks: Record<string, string[]>): string {
  const found = Object.entries(leaks).filter(([, secrets]) => secrets.length > 0);
  return found.length === 0
    ? 'held: no sentinel in the result, the models table, model_sync_runs or listRuns'
    : `VIOLATED: ${found.map(([where, secrets]) => `${where}: ${secrets.join(', ')}`).join('; ')}`;
}

describe('Credentials inside litellm_params are never stored or returned', () => {
  it('a catalog full of credentials syncs with every one of them scrubbed', async () => {
    const entries = [...basicEntries(), ...entriesWithSecrets()];
    standIn.answer({ body: { data: entries } });
    const run = await runSyncCase(db, service(), { entries, expected: 'applied', secrets: ALL_SENTINELS });
    const leaks = await leaksAfter(run);
    report.add({
      fault: 'Catalog with api_key, extra_headers.Authorization, AWS keys, user:password@ URLs, an api-key URL query parameter, client_secret, vertex_credentials, nested camelCase apiKey, a masked token',
      outcome: describeOutcome(run.result),
      invariants: noLeaks(leaks),
    });
    expect(run.problems).toEqual([]);
    expect(run.result).toMatchObject({ success: true, newModels: 3 });
    expect(leaks).toEqual({ result: [], models: [], runs: [], listRuns: [] });

    const { rows } = await db.admin.query<{ api_base: string; params: Record<string, unknown> }>(
      "SELECT api_base, metadata->'litellm_params' AS params FROM models WHERE id = 'secret-openai'",
    );
    // What is not a secret is kept: the host, harmless headers, the credential's name, harmless query parameters.
    expect(rows[0]?.api_base).toBe('https://llm.example.com/v1');
    const azure = await db.admin.query<{ api_base: string }>("SELECT api_base FROM models WHERE id = 'secret-azure'");
    expect(azure.rows[0]?.api_base).toBe('https://azure.example.com/openai?api-version=2024-06-01');
    expect(rows[0]?.params).toMatchObject({
      api_base: 'https://llm.example.com/v1',
      extra_headers: { 'X-Request-Source': 'litemaas' },
      litellm_credential_name: 'shared-openai',
    });
  });

  it('a dry run of the same catalog returns no credential either', async () => {
    const entries = [...basicEntries(), ...entriesWithSecrets()];
    standIn.answer({ body: { data: entries } });
    const run = await runSyncCase(db, service(), { entries, expected: 'unchanged', secrets: ALL_SENTINELS, request: { dryRun: true } });
    report.add({ fault: 'Dry run of the catalog with credentials', outcome: describeOutcome(run.result), invariants: noLeaks(await leaksAfter(run)) });
    expect(run.problems).toEqual([]);
    expect(run.result).toMatchObject({ success: true, dryRun: true, newModels: 3 });
    expect(leakedSecrets(JSON.stringify(run.result))).toEqual([]);
  });
});

describe('The master key never appears, even when LiteLLM echoes it back', () => {
  const echoes: { fault: string; answer: StandInAnswer }[] = [
    {
      fault: 'HTTP 401 whose message quotes the key ("Received API Key = …")',
      answer: { status: 401, body: { error: { message: `Invalid proxy server token passed. Received API Key = ${SENTINEL_MASTER_KEY}`, code: '401' } } },
    },
    {
      fault: 'HTTP 400 whose detail contains the bare key',
      answer: { status: 400, body: { detail: `bad key ${SENTINEL_MASTER_KEY} for this route` } },
    },
    {
      fault: 'HTTP 500 whose detail contains the bare key (retried)',
      answer: { status: 500, body: { detail: { error: `upstream said ${SENTINEL_MASTER_KEY}` } } },
    },
    {
      fault: 'HTTP 502 HTML page that prints the Authorization header',
      answer: { status: 502, contentType: 'text/html', body: `<html><body><pre>Authorization: Bearer ${SENTINEL_MASTER_KEY}</pre></body></html>` },
    },
    {
      fault: 'HTTP 200 non-JSON body that starts with the key',
      answer: { contentType: 'text/plain', body: `${SENTINEL_MASTER_KEY} is not allowed here` },
    },
  ];
  it.each(echoes)('$fault', async ({ fault, answer }) => {
    standIn.answer(answer);
    const run = await runSyncCase(db, service(), { expected: 'unchanged', secrets: ALL_SENTINELS });
    const leaks = await leaksAfter(run);
    report.add({ fault, outcome: describeOutcome(run.result), invariants: run.problems.length > 0 ? `VIOLATED: ${run.problems.join('; ')}` : noLeaks(leaks) });
    expect(run.problems).toEqual([]);
    expect(run.result).toMatchObject({ success: false, failureReason: 'litellm' });
    expect(leaks).toEqual({ result: [], models: [], runs: [], listRuns: [] });
  });

  it('a LiteLLM URL with user:password@ is never shown with its password', async () => {
    const url = `http://admin:${SENTINEL_CREDENTIALS.urlPassword}@127.0.0.1:${await findFreePort()}`;
    const run = await runSyncCase(db, service(url), { expected: 'unchanged', secrets: ALL_SENTINELS });
    const leaks = await leaksAfter(run);
    report.add({ fault: 'LiteLLM URL with user:password@ (unreachable)', outcome: describeOutcome(run.result), invariants: noLeaks(leaks) });
    expect(run.problems).toEqual([]);
    expect(run.result.errors[0]).toMatch(/Could not reach LiteLLM after \d attempts/);
    expect(leaks).toEqual({ result: [], models: [], runs: [], listRuns: [] });
  });
});

describe('The master key is only ever sent to the configured LiteLLM origin', () => {
  it('a redirect to another origin does not carry the key there', async () => {
    const elsewhere = await startLiteLLMStandIn({ body: { data: basicEntries() } });
    const redirecting = await startLiteLLMStandIn({ status: 307, headers: { location: `${elsewhere.url}/model/info` }, body: '' });
    const authorizations = (server: LocalHttpServer): (string | undefined)[] => server.requests.map((request) => request.authorization);
    try {
      const run = await runSyncCase(db, service(redirecting.url), { expected: 'unchanged', secrets: ALL_SENTINELS });
      const sentThere = authorizations(elsewhere).filter((header) => header?.includes(SENTINEL_MASTER_KEY)).length;
      report.add({
        fault: 'LiteLLM answers 307 to another origin (a hijacked or misconfigured proxy)',
        outcome: `${describeOutcome(run.result)} [the other origin received ${elsewhere.requests.length} request(s), ${sentThere} with the key]`,
        invariants: sentThere === 0 && run.problems.length === 0 ? 'held: the key never reached the other origin' : `VIOLATED: key sent to the other origin ${sentThere} time(s); ${run.problems.join('; ')}`,
      });
      expect(run.problems).toEqual([]);
      expect(authorizations(redirecting)).toEqual([`Bearer ${SENTINEL_MASTER_KEY}`]);
      // Not followed at all: fetch would drop the header across origins anyway, so the real check
      // is that the other origin was never asked and its catalog never applied.
      expect(elsewhere.requests).toHaveLength(0);
      expect(run.result).toMatchObject({ success: false, failureReason: 'litellm' });
      expect(sentThere).toBe(0);
    } finally {
      await redirecting.close();
      await elsewhere.close();
    }
  });
});

describe('A database password never appears in a connection error', () => {
  it('an unreachable PostgreSQL URL with a password is described by host, port and database only', async () => {
    const port = await findFreePort();
    const database = createPostgresDatabase(`postgres://sync:${SENTINEL_CREDENTIALS.urlPassword}@127.0.0.1:${port}/litemaas`);
    try {
      standIn.answer({ body: { data: basicEntries() } });
      const result = await fastService(database, standIn.url).syncModels({ trigger: 'manual', migrate: true }, { litellmApiKey: SENTINEL_MASTER_KEY });
      report.add({
        fault: 'PostgreSQL URL with a password, nothing listening',
        outcome: `success: false (${result.failureReason ?? ''}) — "${excerpt(result.errors[0] ?? '')}"`,
        invariants: leakedSecrets(JSON.stringify(result)).length === 0 ? 'held: no password in the result; nothing to record (database down)' : 'VIOLATED: password in the result',
      });
      expect(result).toMatchObject({ success: false, failureReason: 'database' });
      expect(result.errors[0]).toMatch(/Could not connect to PostgreSQL at 127\.0\.0\.1:\d+\/litemaas \(connection refused\)\. Check DATABASE_URL\./);
      expect(leakedSecrets(JSON.stringify(result))).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
