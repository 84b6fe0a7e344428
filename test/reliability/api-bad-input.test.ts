import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpEvent, postSync } from '../support/lambda-events.js';
import type { HttpRequest } from '../support/lambda-events.js';
import { loadHandler, useFunctionHarness } from '../support/function-harness.js';
import type { ApiHandler } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';
import { readFixture } from '../support/fixtures.js';
import { openApiProblems } from '../support/openapi.js';
import { excerpt, FaultReport } from '../support/fault-report.js';
import { checkModelsInvariants, messageProblems } from '../support/models-invariants.js';
import { snapshotModels } from '../support/table-snapshot.js';
import type { ModelsSnapshot } from '../support/table-snapshot.js';
import { ADMIN_EDITS, SENTINEL_MASTER_KEY } from '../support/reliability-database.js';
import { ALL_SENTINELS, entriesWithSecrets, leakedSecrets } from '../support/sentinels.js';

const report = new FaultReport('api-bad-input');
const OPTION_NAMES = ['forceUpdate', 'markUnavailable', 'dryRun', 'force'];
const harness = useFunctionHarness({ secretString: JSON.stringify({ apiKey: SENTINEL_MASTER_KEY }), env: { DB_RESUME_BUDGET_MS: '0' }, migrate: true });
let handler: ApiHandler;
let readHandler: ApiHandler;
let baseline: ModelsSnapshot;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(event: APIGatewayProxyEventV2): Promise<Answer> {
  // The read routes are served by their own function, as in the stack.
  const serving = event.routeKey.startsWith('GET ') ? readHandler : handler;
  const response = await serving(event, lambdaContext('model-sync-api', 28_000));
  // Bad input too must be answered as docs/openapi.yaml says.
  expect(openApiProblems(event.routeKey, response)).toEqual([]);
  return { status: response.statusCode ?? 0, body: JSON.parse(response.body ?? 'null') as Record<string, unknown> };
}

const runCount = async (): Promise<number> => (await harness.recordedRuns()).length;

/** What a rejected request must not have done: no run, no LiteLLM call, no row changed. */
async function sideEffects(before: { runs: number; litellmCalls: number }): Promise<string[]> {
  const problems: string[] = [];
  if ((await runCount()) !== before.runs) problems.push('a run was recorded');
  if (harness.litellm.requests.length !== before.litellmCalls) problems.push('LiteLLM was called');
  const after = await snapshotModels(harness.postgres.client);
  problems.push(...checkModelsInvariants({ before: baseline, after, expected: 'unchanged' }).problems);
  return problems;
}

beforeAll(async () => {
  handler = await loadHandler<ApiHandler>('sync-api');
  // With the LiteLLM settings still set, as in a stack that gives them to both functions.
  readHandler = await loadHandler<ApiHandler>('sync-read-api');
  // The baseline: the basic catalog synced through the API, plus what LiteMaaS admins set.
  const seeded = await call(postSync());
  if (seeded.status !== 200) throw new Error(`Seeding through the API failed with ${seeded.status}`);
  const client = harness.postgres.client;
  await client.query('UPDATE models SET description = $2 WHERE id = $1', [ADMIN_EDITS.description.id, ADMIN_EDITS.description.value]);
  await client.query('UPDATE models SET restricted_access = true WHERE id = $1', [ADMIN_EDITS.restricted.id]);
  baseline = await snapshotModels(client);
});

afterAll(() => {
  report.write();
});

const json = { 'content-type': 'application/json' };
const post = (body: string, headers: Record<string, string> = json, extra: Partial<HttpRequest> = {}): APIGatewayProxyEventV2 =>
  httpEvent({ method: 'POST', routeKey: 'POST /sync', path: '/sync', body, headers, ...extra });

interface BadRequest {
  fault: string;
  event: () => APIGatewayProxyEventV2;
  status: number;
  message: RegExp;
}

const badRequests: BadRequest[] = [
  { fault: 'Malformed JSON body', event: () => post('{"force": tru'), status: 400, message: /not valid JSON/ },
  { fault: 'Body of 17 KB (over the 16 KiB limit)', event: () => post(`{"force": false, "pad": "${'x'.repeat(17_000)}"}`), status: 413, message: /at most 16384 are accepted/ },
  { fault: 'Body of 1 MB', event: () => post(JSON.stringify({ dryRun: true, pad: 'y'.repeat(1_000_000) })), status: 413, message: /at most 16384/ },
  { fault: '"force": "yes" (a string)', event: () => post('{"force": "yes"}'), status: 400, message: /Field "force" must be true or false/ },
  { fault: '"dryRun": 1 (a number)', event: () => post('{"dryRun": 1}'), status: 400, message: /Field "dryRun" must be true or false/ },
  { fault: '"markUnavailable": null', event: () => post('{"markUnavailable": null}'), status: 400, message: /must be true or false/ },
  { fault: 'Unexpected field "deleteAll"', event: () => post('{"deleteAll": true}'), status: 400, message: /Unknown field "deleteAll": allowed fields are forceUpdate, markUnavailable, dryRun, force/ },
  { fault: 'Field "__proto__" (prototype pollution attempt)', event: () => post('{"__proto__": {"force": true}}'), status: 400, message: /Unknown field "__proto__"/ },
  { fault: 'Field "constructor"', event: () => post('{"constructor": {"prototype": {"force": true}}}'), status: 400, message: /Unknown field "constructor"/ },
  { fault: 'A JSON array body', event: () => post('[true]'), status: 400, message: /must be a JSON object/ },
  { fault: 'A JSON string body', event: () => post('"force"'), status: 400, message: /must be a JSON object/ },
  { fault: 'A JSON null body', event: () => post('null'), status: 400, message: /must be a JSON object/ },
  { fault: 'Deeply nested JSON (5,000 levels)', event: () => post(`${'['.repeat(5_000)}${']'.repeat(5_000)}`), status: 400, message: /must be a JSON object/ },
  { fault: 'content-type text/plain', event: () => post('{"force": true}', { 'content-type': 'text/plain' }), status: 415, message: /content-type application\/json/ },
  { fault: 'No content-type with a body', event: () => post('{"force": true}', {}), status: 415, message: /content-type application\/json/ },
  { fault: 'content-type with a non-UTF-8 charset', event: () => post('{"force": true}', { 'content-type': 'application/json; charset=latin1' }), status: 415, message: /UTF-8/ },
  {
    fault: 'Base64 body that decodes to bytes that are not UTF-8 JSON',
    event: () => post(Buffer.from([0xff, 0xfe, 0x7b, 0x00]).toString('base64'), json, { isBase64Encoded: true }),
    status: 400,
    message: /not valid JSON/,
  },
  {
    fault: 'No caller identity (no authorizer context)',
    event: () => httpEvent({ method: 'POST', routeKey: 'POST /sync', path: '/sync', authorizer: 'none' }),
    status: 403,
    message: /needs an authorized caller/,
  },
  { fault: 'Unknown route (DELETE /sync)', event: () => httpEvent({ method: 'PUT', routeKey: 'DELETE /sync', path: '/sync' }), status: 404, message: /No such route/ },
  {
    fault: 'GET /sync/runs?limit=1e9',
    event: () => httpEvent({ method: 'GET', routeKey: 'GET /sync/runs', path: '/sync/runs', query: { limit: '1e9' } }),
    status: 400,
    message: /limit must be an integer from 1 to 100/,
  },
  {
    fault: "GET /sync/runs/{runId} with SQL in the id",
    event: () => httpEvent({ method: 'GET', routeKey: 'GET /sync/runs/{runId}', path: "/sync/runs/x'; DROP TABLE models; --", pathParameters: { runId: "x'; DROP TABLE models; --" } }),
    status: 400,
    message: /runId must be a UUID/,
  },
];

describe('The manual API rejects bad requests with a 4xx and a clear message, and changes nothing', () => {
  it.each(badRequests)('It should answer $status to $fault', async ({ fault, event, status, message }) => {
    const before = { runs: await runCount(), litellmCalls: harness.litellm.requests.length };
    const answer = await call(event());
    const text = typeof answer.body.message === 'string' ? answer.body.message : '';
    const problems = [...(await sideEffects(before)), ...messageProblems(text, ALL_SENTINELS)];
    report.add({
      fault: `API: ${fault}`,
      outcome: `HTTP ${answer.status} — "${excerpt(text)}"`,
      invariants: problems.length === 0 ? 'held: no run recorded, LiteLLM not called, table exactly as before' : `VIOLATED: ${problems.join('; ')}`,
    });
    expect(answer.status).toBe(status);
    expect(text).toMatch(message);
    expect(answer.body.requestId).toEqual(expect.stringMatching(/^req-/));
    expect(problems).toEqual([]);
  });
});

describe('A fuzz over random request bodies never yields a 500 or a write', () => {
  /** A body the API would accept: a JSON object of the four options with boolean values. */
  function isAcceptable(body: string, contentType: string | undefined): boolean {
    if (contentType === undefined || !/^application\/json/i.test(contentType)) return false;
    try {
      const value: unknown = JSON.parse(body);
      return (
        value !== null && typeof value === 'object' && !Array.isArray(value) &&
        Object.entries(value).every(([name, field]) => OPTION_NAMES.includes(name) && typeof field === 'boolean')
      );
    } catch {
      return false;
    }
  }

  const optionLike = fc.dictionary(fc.oneof(fc.constantFrom(...OPTION_NAMES), fc.string({ maxLength: 12 })), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });
  const body = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
    optionLike.map((value) => JSON.stringify(value)),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  );
  const contentType = fc.option(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'APPLICATION/JSON'), { nil: undefined });
  const NUM_RUNS = 150;

  it(`It should hold for ${NUM_RUNS} random bodies and content types`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, contentType, fc.boolean(), async (text, type, base64) => {
        fc.pre(text !== '' && !isAcceptable(text, type));
        const before = { runs: await runCount(), litellmCalls: harness.litellm.requests.length };
        const event = post(base64 ? Buffer.from(text, 'utf8').toString('base64') : text, type === undefined ? {} : { 'content-type': type }, { isBase64Encoded: base64 });
        const answer = await call(event);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.body.message).toEqual(expect.any(String));
        expect(await sideEffects(before)).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
    report.add({
      fault: `API fuzz: ${NUM_RUNS} random non-acceptable bodies (strings, JSON values, option-like objects, raw bytes; random content types; base64 or not)`,
      outcome: 'every one answered 400, 413 or 415 with a message; never a 500',
      invariants: 'held: no run recorded, LiteLLM never called, table exactly as before',
    });
    expect([...statuses.keys()].every((status) => [400, 413, 415].includes(status))).toBe(true);
  });
});

describe('Secrets stay out of the API answers and the function logs', () => {
  it('It should log and answer no secret for a sync of a catalog full of credentials, or a 401 that echoes the key', async () => {
    harness.output.clear();
    harness.litellm.answer({ body: { data: [...readFixture('model-info-basic.json').data, ...entriesWithSecrets()] } });
    const synced = await call(postSync({ markUnavailable: false }));
    harness.litellm.answer({ status: 401, body: { error: { message: `Received API Key = ${SENTINEL_MASTER_KEY}`, code: '401' } } });
    const rejected = await call(postSync());
    const logs = harness.output.text();
    const leaks = [...leakedSecrets(JSON.stringify(synced.body)), ...leakedSecrets(JSON.stringify(rejected.body)), ...leakedSecrets(logs)];
    report.add({
      fault: 'API: POST /sync of a catalog with credentials, then LiteLLM 401 echoing the master key',
      outcome: `HTTP ${synced.status} (3 models added), then HTTP ${rejected.status} — "${excerpt(String((rejected.body.errors as string[] | undefined)?.[0] ?? ''))}"`,
      invariants: leaks.length === 0 ? `held: no sentinel in either answer or in ${harness.output.lines.length} captured log lines` : `VIOLATED: ${leaks.join(', ')}`,
    });
    expect(synced).toMatchObject({ status: 200, body: { success: true, newModels: 3 } });
    expect(rejected).toMatchObject({ status: 502, body: { success: false, failureReason: 'litellm' } });
    expect(harness.output.lines.length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
    // The credentials catalog is now part of the table; later cases compare against it.
    baseline = await snapshotModels(harness.postgres.client);
  });
});
