import type { IncomingMessage, ServerResponse } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findFreePort } from '../../local/free-port.js';
import type { SyncResult } from '../../lib/sync/types.js';
import { startHttpServer } from '../../local/litellm-stand-in.js';
import { readFixture } from '../support/fixtures.js';
import type { StandInAnswer } from '../../local/litellm-stand-in.js';
import { deployment, manyDeployments } from '../support/catalogs.js';
import type { LiteLLMStandIn } from '../../local/litellm-stand-in.js';
import { FaultReport } from '../support/fault-report.js';
import type { ExpectedState } from '../support/models-invariants.js';
import {
  ADMIN_EDITS,
  basicEntries,
  catalogOf,
  fastService,
  LARGE_CATALOG_LITELLM_RETRY,
  SENTINEL_MASTER_KEY,
  startReliabilitySuite,
} from '../support/reliability-database.js';
import type { ReliabilityDatabase } from '../support/reliability-database.js';
import { reportRow, runSyncCase } from '../support/run-case.js';

const report = new FaultReport('litellm-faults');
let db: ReliabilityDatabase;
let standIn: LiteLLMStandIn;
let stop: () => Promise<void>;
beforeAll(async () => ({ db, standIn, stop } = await startReliabilitySuite('litellm_faults')));
afterAll(async () => {
  report.write(); // first, so that a failure while stopping cannot lose the file's rows
  await stop();
});
beforeEach(() => db.resetToBaseline());

// Each case counts the LiteLLM requests it caused (the retry policy is part of what is tested).
beforeEach(() => {
  standIn.requests.splice(0);
});

interface FaultCase {
  fault: string;
  /** The stand-in's answers: one standing answer, or a sequence then the standing one. */
  answers: StandInAnswer[];
  /** Where the sync looks for LiteLLM instead of the stand-in. */
  url?: () => Promise<string>;
  /** Entries the sync should apply (for the 'applied' check). */
  entries?: unknown[];
  expected: ExpectedState;
  /** A catalog of thousands of entries: allow a loaded machine time to read it. */
  largeCatalog?: boolean;
  check(result: SyncResult, requests: number): void;
}

async function runFault(fault: FaultCase): Promise<SyncResult> {
  const [standing, ...once] = [...fault.answers].reverse();
  standIn.answer(standing ?? {});
  standIn.answerOnce(...once.reverse());
  const url = fault.url === undefined ? standIn.url : await fault.url();
  const settings = fault.largeCatalog === true ? { litellmRetry: { ...LARGE_CATALOG_LITELLM_RETRY } } : {};
  const run = await runSyncCase(db, fastService(db.database, url, settings), {
    expected: fault.expected,
    ...(fault.entries === undefined ? {} : { entries: fault.entries }),
  });
  report.add(reportRow(fault.fault, run, ` [${standIn.requests.length} request(s)]`));
  expect(run.problems).toEqual([]);
  fault.check(run.result, standIn.requests.length);
  return run.result;
}

function failsAsLiteLLM(message: RegExp, attempts?: number): FaultCase['check'] {
  return (result, requests) => {
    expect(result).toMatchObject({ success: false, failureReason: 'litellm', skipped: false });
    expect(result.errors.join('\n')).toMatch(message);
    if (attempts !== undefined) expect(requests).toBe(attempts);
  };
}

function refusedByGuard(): FaultCase['check'] {
  return (result) => {
    expect(result).toMatchObject({ success: false, failureReason: 'guard', newModels: 0, updatedModels: 0, unavailableModels: 0 });
    // An empty catalog is refused even with force, so only a fraction refusal suggests forcing.
    expect(result.errors[0]).toMatch(/changed nothing/);
  };
}

function succeeds(counts: Partial<SyncResult> = {}): FaultCase['check'] {
  return (result) => expect(result).toMatchObject({ success: true, errors: [], ...counts });
}

function skipsEntries(count: number, message: RegExp, applied: Partial<SyncResult> = {}): FaultCase['check'] {
  return (result) => {
    expect(result.success).toBe(false);
    expect(result.failureReason).toBeUndefined();
    expect(result.errors).toHaveLength(count);
    expect(result.errors.join('\n')).toMatch(message);
    expect(result).toMatchObject(applied);
  };
}

const basicBody = (): StandInAnswer => ({ body: { data: basicEntries() } });

describe('When LiteLLM cannot be reached, the sync fails, says what to check and changes nothing', () => {
  const cases: FaultCase[] = [
    {
      fault: 'Connection refused (closed loopback port)',
      answers: [],
      url: async () => `http://127.0.0.1:${await findFreePort()}`,
      expected: 'unchanged',
      check: failsAsLiteLLM(/Could not reach LiteLLM after 2 attempts \(connection refused\).*LITELLM_API_URL/),
    },
    {
      fault: 'Unresolvable host (litellm.invalid)',
      answers: [],
      url: () => Promise.resolve('http://litellm.invalid:4000'),
      expected: 'unchanged',
      check: failsAsLiteLLM(/Could not reach LiteLLM after \d attempts \((host name not found|host name lookup failed)\)/),
    },
    {
      fault: 'Server accepts the connection and never answers (400 ms timeout)',
      answers: [{ hang: true }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/no answer within 400 ms/, 2),
    },
    {
      fault: 'Slow answer just under the timeout (250 ms of 400 ms)',
      answers: [{ ...basicBody(), delayMs: 250 }],
      entries: basicEntries(),
      expected: 'applied',
      check: succeeds({ newModels: 0, updatedModels: 0 }),
    },
    {
      fault: 'Slow answer past the timeout once (600 ms), then a normal one',
      answers: [{ ...basicBody(), delayMs: 600 }, basicBody()],
      entries: basicEntries(),
      expected: 'applied',
      check: (result, requests) => {
        succeeds()(result, requests);
        expect(requests).toBe(2);
      },
    },
  ];
  it.each(cases)('It should hold for $fault', async (fault) => {
    await runFault(fault);
  });
});

/** Sends the status line, headers and the first `fraction` of `body`, then `then` (hang or reset). */
function partialAnswer(body: string, fraction: number, then: 'hang' | 'reset') {
  return (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.write(body.slice(0, Math.floor(body.length * fraction)));
    if (then === 'reset') setTimeout(() => response.socket?.destroy(), 20);
  };
}

describe('When LiteLLM breaks off in the middle of its answer, the sync retries, then fails and changes nothing', () => {
  const body = JSON.stringify({ data: basicEntries() });
  const cases = [
    { fault: 'Headers and half the body sent, then silence (400 ms timeout)', then: 'hang' as const, message: /no answer within 400 ms/ },
    { fault: 'Headers and half the body sent, then the connection reset', then: 'reset' as const, message: /Could not reach LiteLLM after 2 attempts \(/ },
  ];
  it.each(cases)('It should hold for $fault', async ({ fault, then, message }) => {
    const raw = await startHttpServer(partialAnswer(body, 0.5, then));
    try {
      const run = await runSyncCase(db, fastService(db.database, raw.url), { expected: 'unchanged' });
      report.add(reportRow(fault, run, ` [${raw.requests.length} request(s)]`));
      expect(run.problems).toEqual([]);
      expect(run.result).toMatchObject({ success: false, failureReason: 'litellm' });
      expect(run.result.errors[0]).toMatch(message);
      expect(raw.requests.filter((request) => request.url === '/model/info')).toHaveLength(2);
    } finally {
      await raw.close();
    }
  });
});

describe('When LiteLLM answers with an HTTP error, the message names the status and LiteLLM\'s own words', () => {
  const authError = (status: number): unknown => ({
    error: {
      message: `Authentication Error, Invalid proxy server token passed. Received API Key = ${SENTINEL_MASTER_KEY}, Key Hash (Token) =d556`,
      type: 'token_not_found_in_db',
      param: 'key',
      code: String(status),
    },
  });
  const detailError = (message: string): unknown => ({ detail: { error: `${message} (key ${SENTINEL_MASTER_KEY})` } });
  const cases: FaultCase[] = [
    {
      fault: 'HTTP 500 with a JSON detail, every attempt',
      answers: [{ status: 500, body: { detail: 'Internal Server Error: router exploded' } }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/HTTP 500 after 2 attempts: Internal Server Error: router exploded/, 2),
    },
    {
      fault: 'HTTP 502 with an HTML body (a load balancer)',
      answers: [
        {
          status: 502,
          contentType: 'text/html',
          body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
        },
      ],
      expected: 'unchanged',
      check: (result, requests) => {
        failsAsLiteLLM(/HTTP 502 after 2 attempts: 502 Bad Gateway/, 2)(result, requests);
        expect(result.errors[0]).not.toMatch(/[<>]/);
      },
    },
    {
      fault: 'HTTP 503, every attempt',
      answers: [{ status: 503, body: { detail: 'Service Unavailable' } }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/HTTP 503 after 2 attempts: Service Unavailable/, 2),
    },
    {
      fault: 'HTTP 503 once, then the catalog (retried)',
      answers: [{ status: 503, body: { detail: 'Service Unavailable' } }, basicBody()],
      entries: basicEntries(),
      expected: 'applied',
      check: (result, requests) => {
        succeeds()(result, requests);
        expect(requests).toBe(2);
      },
    },
    {
      fault: 'HTTP 429 (rate limited), every attempt',
      answers: [{ status: 429, body: { error: { message: 'Rate limit exceeded', code: '429' } } }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/HTTP 429 after 2 attempts: Rate limit exceeded/, 2),
    },
    {
      fault: 'HTTP 404 (URL with a path), not retried',
      answers: [{ status: 404, body: { detail: 'Not Found' } }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/HTTP 404 for \/model\/info \(Not Found\).*without a path/, 1),
    },
    {
      fault: 'HTTP 401 in the {"error": {...}} envelope, echoing the key',
      answers: [{ status: 401, body: authError(401) }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/rejected the API key \(HTTP 401: Authentication Error.*\[redacted\].*LITELLM_API_KEY/, 1),
    },
    {
      fault: 'HTTP 401 in the {"detail": "..."} envelope',
      answers: [{ status: 401, body: { detail: 'Unauthorized: no valid key' } }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/rejected the API key \(HTTP 401: Unauthorized: no valid key\)/, 1),
    },
    {
      fault: 'HTTP 403 in the {"error": {...}} envelope',
      answers: [{ status: 403, body: authError(403) }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/rejected the API key \(HTTP 403: Authentication Error/, 1),
    },
    {
      fault: 'HTTP 403 in the {"detail": {"error": ...}} envelope (llm_api key on an info route)',
      answers: [{ status: 403, body: detailError('Only proxy admin can be used to generate, delete, update info') }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/HTTP 403: Only proxy admin can be used/, 1),
    },
  ];
  it.each(cases)('It should hold for $fault', async (fault) => {
    await runFault(fault);
  });
});

describe('When the body is not a usable model list, the sync fails clearly and changes nothing', () => {
  const basicText = JSON.stringify({ data: basicEntries() });
  const cases: FaultCase[] = [
    {
      fault: 'Truncated JSON (the body cut in the middle)',
      answers: [{ body: basicText.slice(0, Math.floor(basicText.length * 0.6)) }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/answer \(HTTP 200\) is not JSON \(it starts with "\{"data":/),
    },
    {
      // Only an entry's structure is checked as it arrives; its row is made (and the entry parsed
      // whole) only once the plan says to send it.
      fault: 'An entry with a value that is not JSON deep inside it (a model the plan sends)',
      answers: [{ body: basicText.replace('"litellm_params":{', '"litellm_params":{"timeout":nope,') }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/is not JSON: entry #1 of its model list is not valid JSON/),
    },
    {
      fault: 'A team-only entry, never mapped, with a value that is not JSON deep inside it',
      answers: [{ body: JSON.stringify({ data: basicEntries() }).replace(/\]\}$/, ',{"model_name":"team-x","litellm_params":{"model":nope},"model_info":{"team_id":"t1"}}]}') }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/entry #5 of its model list is not valid JSON/),
    },
    {
      fault: 'HTTP 200 with an HTML page (wrong URL)',
      answers: [{ contentType: 'text/html', body: '<!doctype html><html><body>LiteLLM Admin UI</body></html>' }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/is not JSON .*points at the LiteLLM proxy itself/),
    },
    {
      fault: '"data" is a string',
      answers: [{ body: { data: 'gpt-4o' } }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/has no model list: "data" is a string/),
    },
    {
      fault: '"data" is null',
      answers: [{ body: { data: null } }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/"data" is null/),
    },
    {
      fault: '"data" is missing (an OpenAI-style object)',
      answers: [{ body: { object: 'list' } }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/"data" is missing/),
    },
    {
      fault: '"data" is a number',
      answers: [{ body: { data: 42 } }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/"data" is a number/),
    },
    {
      fault: 'The body is a JSON array, not an object',
      answers: [{ body: basicEntries() }],
      expected: 'unchanged',
      check: failsAsLiteLLM(/"data" is missing/),
    },
    {
      fault: '"data" is one entry object (litellm --model X), which would retire most models',
      answers: [{ body: { data: deployment('solo-model') } }],
      expected: 'unchanged',
      check: refusedByGuard(),
    },
  ];
  it.each(cases)('It should hold for $fault', async (fault) => {
    await runFault(fault);
  });
});

describe('When some entries are unusable, they are listed and the valid ones still sync', () => {
  const cases: (Omit<FaultCase, 'answers' | 'entries' | 'expected'> & { extra: unknown[] })[] = [
    {
      fault: 'Entries that are null, a number and a string',
      extra: [null, 7, 'gpt-4o'],
      check: skipsEntries(3, /entry #5: it is null.*\n.*#6: it is a number.*\n.*#7: it is a string/),
    },
    {
      fault: 'model_name missing',
      extra: [{ litellm_params: { model: 'openai/x' }, model_info: { id: 'x' } }],
      check: skipsEntries(1, /has no model_name\. Fix the model in LiteLLM/),
    },
    { fault: 'model_name empty', extra: [deployment('')], check: skipsEntries(1, /has an empty model_name/) },
    { fault: 'model_name only spaces', extra: [deployment('   ')], check: skipsEntries(1, /has an empty model_name/) },
    { fault: 'model_name a number', extra: [deployment(42)], check: skipsEntries(1, /model_name that is a number, not a string/) },
    { fault: 'model_name an object', extra: [deployment({ name: 'x' })], check: skipsEntries(1, /model_name that is an object/) },
    {
      fault: 'model_name of 256 characters',
      extra: [deployment('m'.repeat(256))],
      check: skipsEntries(1, /longer than 255 characters/),
    },
    {
      fault: 'model_name with a NUL character',
      extra: [deployment('bad\u0000name')],
      check: skipsEntries(1, /characters PostgreSQL cannot store/),
    },
    {
      fault: 'A model whose api_base is longer than VARCHAR(500)',
      extra: [deployment('long-base', { litellm_params: { api_base: `https://example.com/${'p'.repeat(600)}` } })],
      check: skipsEntries(1, /Skipped model "long-base": its api_base is longer than the column's 500 characters/),
    },
  ];
  it.each(cases)('It should hold for $fault', async ({ fault, extra, check }) => {
    const entries = [...basicEntries(), ...extra];
    await runFault({ fault, answers: [{ body: { data: entries } }], entries, expected: 'applied', check });
  });
});

describe('When model names are unusual but valid, they are stored exactly', () => {
  const names = [
    ['model_name with "/"', 'RedHatAI/gpt-oss-120b'],
    ['model_name with unicode', 'modèle-中文-🚀'],
    ['model_name with SQL quotes', `o'brien"); DROP TABLE models; --`],
    ['model_name of exactly 255 characters', 'x'.repeat(255)],
    ['model_name of 255 four-byte characters (1,020 bytes)', '🚀'.repeat(255)],
  ] as const;
  it.each(names)('It should hold for %s', async (fault, name) => {
    const entries = [...basicEntries(), deployment(name)];
    await runFault({ fault, answers: [{ body: { data: entries } }], entries, expected: 'applied', check: succeeds({ newModels: 1 }) });
    const { rows } = await db.admin.query<{ id: string }>('SELECT id FROM models WHERE id = $1', [name]);
    expect(rows).toEqual([{ id: name }]);
  });
});

describe('When numeric fields are odd, they become NULL (or are parsed) and the model still syncs', () => {
  const odd = deployment('odd-numbers', {
    litellm_params: { tpm: '1000', rpm: -5, input_cost_per_token: '1e6' },
    model_info: {
      input_cost_per_token: 'NaN',
      output_cost_per_token: '__INFINITY__',
      max_input_tokens: 1e12,
      max_output_tokens: '12.5',
      max_tokens: 'Infinity',
    },
  });
  const asStrings = deployment('string-numbers', {
    litellm_params: { tpm: '2500', rpm: '60' },
    model_info: { input_cost_per_token: '6e-06', output_cost_per_token: '0.000012', max_input_tokens: '32768' },
  });
  const entries = [...basicEntries(), odd, asStrings];
  // JSON cannot carry Infinity; 1e400 parses to it.
  const body = JSON.stringify({ data: entries }).replace('"__INFINITY__"', '1e400');

  it('It should hold for strings, negatives, NaN, Infinity (1e400) and absurdly large values', async () => {
    const oracleEntries = (JSON.parse(body) as { data: unknown[] }).data;
    await runFault({
      fault: 'Numeric fields as strings, negative, "NaN", 1e400 (Infinity), 1e12 and 1e6 per token',
      answers: [{ body }],
      entries: oracleEntries,
      expected: 'applied',
      check: succeeds({ newModels: 2 }),
    });
    const { rows } = await db.admin.query(
      `SELECT id, tpm, rpm, input_cost_per_token::text AS input, output_cost_per_token::text AS output,
         context_length, max_tokens FROM models WHERE id IN ('odd-numbers', 'string-numbers') ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'odd-numbers', tpm: 1000, rpm: null, input: null, output: null, context_length: null, max_tokens: null },
      { id: 'string-numbers', tpm: 2500, rpm: 60, input: '0.0000060000', output: '0.0000120000', context_length: 32768, max_tokens: 4096 },
    ]);
  });
});

describe('When LiteLLM sends values that LiteMaaS admins own, the admins\' values win', () => {
  it('It should never let a LiteLLM description replace an admin\'s, and let a restored model keep its admin columns', async () => {
    const entries: unknown[] = (basicEntries() as { model_name: string; model_info: Record<string, unknown> }[]).map((entry) =>
      entry.model_name === ADMIN_EDITS.description.id
        ? { ...entry, model_info: { ...entry.model_info, description: 'Written in LiteLLM' } }
        : entry,
    );
    entries.push(deployment(ADMIN_EDITS.retired.id, { model_info: { description: 'Back, described in LiteLLM' } }));
    await runFault({
      fault: 'LiteLLM sends a description for a model an admin described, and lists a retired model again',
      answers: [{ body: { data: entries } }],
      entries,
      expected: 'applied',
      // gpt-4o is updated: its metadata (model_info) changed; its admin description stays.
      check: succeeds({ newModels: 0, updatedModels: 2, restoredModels: 1 }),
    });
    const { rows } = await db.admin.query(
      'SELECT id, description, availability, restricted_access, encrypted_api_key FROM models WHERE id = ANY($1) ORDER BY id',
      [[ADMIN_EDITS.description.id, ADMIN_EDITS.retired.id]],
    );
    expect(rows).toEqual([
      { id: 'gpt-4o', description: ADMIN_EDITS.description.value, availability: 'available', restricted_access: false, encrypted_api_key: null },
      { id: 'legacy-model', description: 'Retired long ago', availability: 'available', restricted_access: true, encrypted_api_key: 'enc:v1:legacy' },
    ]);
  });
});

describe('When a cost rounds up past what DECIMAL(15,10) holds, it becomes NULL instead of failing the sync', () => {
  it('It should hold for input_cost_per_token 99999.99999999999 (rounds to 100000.0000000000)', async () => {
    const entries = [...basicEntries(), deployment('edge-cost', { model_info: { input_cost_per_token: 99999.99999999999, output_cost_per_token: 99999.9999999999 } })];
    await runFault({
      fault: 'Cost of 99999.99999999999 per token, which rounds past DECIMAL(15,10)',
      answers: [{ body: { data: entries } }],
      entries,
      expected: 'applied',
      check: succeeds({ newModels: 1 }),
    });
    const { rows } = await db.admin.query("SELECT input_cost_per_token::text AS input, output_cost_per_token::text AS output FROM models WHERE id = 'edge-cost'");
    expect(rows).toEqual([{ input: null, output: '99999.9999999999' }]);
  });
});

describe('A fuzz over random catalog entries never fails a sync as a whole, nor half-applies it', () => {
  const PARAM_FIELDS = ['model', 'api_base', 'custom_llm_provider', 'tpm', 'rpm', 'input_cost_per_token', 'output_cost_per_token', 'api_key', 'extra_headers'];
  const INFO_FIELDS = ['id', 'description', 'max_tokens', 'max_input_tokens', 'max_output_tokens', 'input_cost_per_token', 'output_cost_per_token', 'supports_vision', 'supports_function_calling', 'supports_tool_choice', 'mode', 'litellm_provider', 'supports_embeddings'];
  const oddValue = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.double(),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(99999.99999999999, 1e308, -1, 2_147_483_648, '6e-06', 'NaN', 'Infinity', '', '\u0000', '\uD800x', 'https://u:p@h/v1?key=k'),
  );
  const entry = fc.oneof(
    { weight: 4, arbitrary: fc.record(
      {
        model_name: fc.oneof(fc.constantFrom('fz-a', 'fz-b', 'fz-c', 'gpt-4o', 'legacy-model'), fc.string({ maxLength: 8 }), oddValue),
        litellm_params: fc.oneof(fc.dictionary(fc.constantFrom(...PARAM_FIELDS), oddValue), oddValue),
        model_info: fc.oneof(fc.dictionary(fc.constantFrom(...INFO_FIELDS), oddValue), oddValue),
      },
      { requiredKeys: [] },
    ) },
    { weight: 1, arbitrary: oddValue },
  );
  const NUM_RUNS = 40;

  it(`It should hold for ${NUM_RUNS} random catalogs (forced past the guard)`, async () => {
    const service = fastService(db.database, standIn.url);
    let skippedEntries = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 8 }), async (entries) => {
        await db.resetToBaseline();
        standIn.answer({ body: { data: entries } });
        // force passes the retirement fraction, never an empty catalog: with no usable entry the guard refuses.
        const usable = catalogOf(JSON.parse(JSON.stringify(entries)) as unknown[]).length > 0;
        const run = await runSyncCase(db, service, { entries, expected: usable ? 'applied' : 'unchanged', request: { force: true } });
        if (usable) skippedEntries += run.result.errors.length;
        expect(run.result.failureReason).toBe(usable ? undefined : 'guard');
        expect(run.problems).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
    expect(skippedEntries).toBeGreaterThan(0);
    report.add({
      fault: `fast-check: ${NUM_RUNS} random catalogs of 0–8 entries (random or absent model_name, litellm_params and model_info of random JSON, doubles, binary strings, NUL, lone surrogates, edge numbers)`,
      outcome: 'every run committed its valid entries and listed the others; no run failed as a whole (no database, internal or LiteLLM failure)',
      invariants: 'held: table exactly the catalog each time; LiteMaaS-owned columns untouched; messages clean',
    });
  });
});

describe('When the catalog is extreme, the guard and the writer hold', () => {
  it('It should refuse an empty catalog by the guard', async () => {
    await runFault({ fault: 'Empty catalog ({"data": []})', answers: [{ body: { data: [] } }], expected: 'unchanged', check: refusedByGuard() });
  });

  it('It should take "LLM Model List not loaded in" as an empty catalog, refused by the guard', async () => {
    const notLoaded = {
      detail: { error: 'LLM Model List not loaded in. Make sure you passed models in your config.yaml or on the LiteLLM Admin UI. - ' },
    };
    await runFault({
      fault: 'HTTP 500 "LLM Model List not loaded in"',
      answers: [{ status: 500, body: notLoaded }],
      expected: 'unchanged',
      check: (result, requests) => {
        refusedByGuard()(result, requests);
        expect(requests).toBe(1);
      },
    });
  });

  it('It should write a 10,000-entry catalog in one run, and nothing on an identical re-sync', async () => {
    const entries = [...basicEntries(), ...manyDeployments(10_000)];
    await runFault({
      fault: '10,000-entry catalog (first sync)',
      largeCatalog: true,
      answers: [{ body: { data: entries } }],
      entries,
      expected: 'applied',
      check: succeeds({ newModels: 10_000, totalModels: 10_004 }),
    });
    standIn.requests.splice(0);
    await runFault({
      fault: '10,000-entry catalog (identical re-sync)',
      largeCatalog: true,
      answers: [{ body: { data: entries } }],
      entries,
      expected: 'unchanged',
      check: succeeds({ newModels: 0, updatedModels: 0, unavailableModels: 0, unchangedModels: 10_004 }),
    });
  });

  it('It should apply a catalog of the edge fixture (merged deployments, masked secrets) exactly', async () => {
    const entries = [...basicEntries(), ...readFixture('model-info-edge.json').data];
    await runFault({
      fault: 'Edge fixture: duplicate names, wildcard ids, masked headers',
      answers: [{ body: { data: entries } }],
      entries,
      expected: 'applied',
      check: (result) => expect(result.newModels).toBeGreaterThan(0),
    });
  });
});
