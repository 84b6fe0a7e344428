import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSyncEvents } from '../../lib/events/build-events.js';
import { DETAIL_TYPES } from '../../lib/events/event-shapes.js';
import type { SyncResult } from '../../lib/sync/types.js';
import { liteLLMProxyInstallProblem, pinnedLiteLLMVersion, startRealLiteLLMProxy } from '../../local/litellm-proxy.js';
import type { RealLiteLLMProxy } from '../../local/litellm-proxy.js';
import { startTestPostgres } from '../support/postgres.js';
import { dayFromToday, DEPRECATION_MODEL_IDS, writeRealProxyConfig } from '../support/real-proxy-config.js';
import { runCli } from '../support/run-cli.js';
import type { CliRun } from '../support/run-cli.js';
import type { TestPostgres } from '../support/postgres.js';
import { startSyncHarness } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';
import { runningOnCi } from '../support/ci.js';

// The real LiteLLM proxy (scripts/litellm-proxy/install.sh) serving config.yaml, synced into real
// PostgreSQL through the CLI; and, from the same proxy, a deprecated, an imminent and an upcoming
// model (model_info overrides and one date from LiteLLM's own cost map), one with a successor, and
// a router_settings alias: what issue 19 §3 and §4 promise, against what the proxy really serves.
// One proxy start for the whole file (test/support/real-proxy-config.ts): the tests run in order,
// each part with its own database and its own model names; the last one stops the proxy.

const MASTER_KEY = `sk-real-proxy-${randomBytes(12).toString('hex')}`;
const ON_CI = runningOnCi();
const INSTALL_PROBLEM = liteLLMProxyInstallProblem();

if (INSTALL_PROBLEM !== undefined && !ON_CI) {
  console.error(`Skipping test/litellm-proxy: ${INSTALL_PROBLEM}.`);
}

/** Sorted by code point, as `toEqual` on a sorted list needs it whatever the database's collation. */
const sorted = (ids: readonly string[]): string[] => [...ids].sort();

/** The columns sync owns plus restricted_access; timestamps and metadata are checked on their own. */
const ROW_COLUMNS = `id, name, provider, description, category, context_length, input_cost_per_token,
  output_cost_per_token, supports_vision, supports_function_calling, supports_tool_choice,
  supports_parallel_function_calling, supports_streaming, features, availability, version, api_base,
  tpm, rpm, max_tokens, litellm_model_id, backend_model_name, restricted_access`;

interface ProxyDeployment {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown> & { id: string };
}

let proxy: RealLiteLLMProxy | undefined;
let postgres: TestPostgres;
let client: pg.Client;
let databaseUrl: string;
let listing: ProxyDeployment[];

/** The CLI against the real proxy and the test database. */
function syncCli(args: string[], extra: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { LITELLM_API_URL: proxy?.url ?? '', LITELLM_API_KEY: MASTER_KEY, DATABASE_URL: databaseUrl, ...extra });
}

/** The rows of config.yaml's models: every row but the deprecation part's, which it checks itself. */
async function rows(): Promise<Record<string, unknown>[]> {
  const { rows: found } = await client.query<Record<string, unknown>>(`SELECT ${ROW_COLUMNS} FROM models WHERE NOT id = ANY($1) ORDER BY id`, [
    DEPRECATION_MODEL_IDS,
  ]);
  return found;
}

async function rowOf(id: string): Promise<Record<string, unknown> | undefined> {
  return (await rows()).find((row) => row.id === id);
}

/** Every column of every row, timestamps included: what "the table did not change" means. */
async function wholeTable(): Promise<Record<string, unknown>[]> {
  const { rows: found } = await client.query<Record<string, unknown>>('SELECT * FROM models ORDER BY id');
  return found;
}

/** The deployments the proxy lists under one model name. */
function deploymentsOf(modelName: string): ProxyDeployment[] {
  return listing.filter((entry) => entry.model_name === modelName);
}

/** The id LiteLLM gave the only deployment of a name (a SHA-256 of its params for config models). */
function idOf(modelName: string): string {
  const [only, ...others] = deploymentsOf(modelName);
  if (only === undefined || others.length > 0) throw new Error(`expected one deployment of ${modelName}`);
  return only.model_info.id;
}

/** A models row as sync writes it for a new model, with the given columns. */
function expectedRow(columns: Record<string, unknown>): Record<string, unknown> {
  return {
    description: null,
    category: 'Language Model',
    supports_vision: false,
    supports_function_calling: false,
    supports_tool_choice: false,
    supports_parallel_function_calling: false,
    supports_streaming: true,
    availability: 'available',
    version: '1.0',
    api_base: null,
    tpm: null,
    rpm: null,
    restricted_access: false,
    ...columns,
    name: columns.id,
  };
}

const GPT_4O_MINI_FROM_COST_MAP = {
  context_length: 128000,
  max_tokens: 16384,
  input_cost_per_token: '0.0000001500',
  output_cost_per_token: '0.0000006000',
  supports_vision: true,
  supports_function_calling: true,
  supports_tool_choice: true,
  supports_parallel_function_calling: true,
  features: ['chat', 'function_calling', 'parallel_function_calling', 'tool_choice', 'vision'],
};

/** What the table must hold after a sync of config.yaml: one row per callable model name. */
function expectedCatalog(): Record<string, unknown>[] {
  const embedding = (backend: string, inputCost: string): Record<string, unknown> =>
    expectedRow({
      id: `openai/${backend}`,
      provider: 'openai',
      backend_model_name: backend,
      api_base: 'http://127.0.0.1:9/v1',
      context_length: 8191,
      max_tokens: 8191,
      input_cost_per_token: inputCost,
      output_cost_per_token: '0.0000000000',
      features: ['embeddings'],
      litellm_model_id: idOf(`openai/${backend}`),
    });
  return [
    expectedRow({
      id: 'balanced-chat',
      provider: 'openai',
      backend_model_name: 'gpt-4o-mini',
      api_base: 'http://127.0.0.1:9/v1',
      ...GPT_4O_MINI_FROM_COST_MAP,
      tpm: 4000,
      rpm: 40,
      litellm_model_id: 'lb-a',
    }),
    expectedRow({
      id: 'embed-small',
      provider: 'openai',
      backend_model_name: 'text-embedding-3-small',
      api_base: 'http://127.0.0.1:9/v1',
      context_length: 8191,
      max_tokens: 8191,
      input_cost_per_token: '0.0000000200',
      output_cost_per_token: '0.0000000000',
      features: ['embeddings'],
      litellm_model_id: idOf('embed-small'),
    }),
    expectedRow({
      id: 'gpt-4o',
      provider: 'openai',
      backend_model_name: 'gpt-4o',
      api_base: 'http://127.0.0.1:9/v1',
      context_length: 128000,
      max_tokens: 16384,
      input_cost_per_token: '0.0000025000',
      output_cost_per_token: '0.0000100000',
      supports_vision: true,
      supports_function_calling: true,
      supports_tool_choice: true,
      supports_parallel_function_calling: true,
      features: ['chat', 'function_calling', 'parallel_function_calling', 'tool_choice', 'vision'],
      litellm_model_id: idOf('gpt-4o'),
    }),
    expectedRow({
      id: 'half-paused',
      provider: 'openai',
      backend_model_name: 'gpt-4o-mini',
      api_base: 'http://127.0.0.1:9/v1',
      ...GPT_4O_MINI_FROM_COST_MAP,
      tpm: 700,
      litellm_model_id: 'hp-2',
    }),
    embedding('text-embedding-3-large', '0.0000001300'),
    embedding('text-embedding-3-small', '0.0000000200'),
    expectedRow({
      id: 'qwen-coder',
      provider: 'openai',
      backend_model_name: 'RedHatAI/Qwen2.5-Coder-32B-Instruct',
      description: 'Qwen coder on our own GPUs',
      api_base: 'http://127.0.0.1:9/v1',
      context_length: 32768,
      max_tokens: 8192,
      input_cost_per_token: '0.0000012000',
      // 3.45678912e-06 rounded to DECIMAL(15,10), half away from zero.
      output_cost_per_token: '0.0000034568',
      supports_function_calling: true,
      features: ['chat', 'function_calling'],
      litellm_model_id: idOf('qwen-coder'),
    }),
  ];
}

function expectedRowOf(id: string): Record<string, unknown> | undefined {
  return expectedCatalog().find((row) => row.id === id);
}

/** Every model id users can call on the proxy: config.yaml's rows and the deprecation part's. */
function servedModelIds(): string[] {
  return sorted([...expectedCatalog().map((row) => String(row.id)), ...DEPRECATION_MODEL_IDS]);
}

// On CI a missing proxy is a failure with its own name, never a skip.
it.runIf(ON_CI)('It should have the pinned LiteLLM proxy installed on CI', () => {
  expect(INSTALL_PROBLEM).toBeUndefined();
});

// In order even under --sequence.shuffle: the last block stops the proxy the others use.
describe.skipIf(INSTALL_PROBLEM !== undefined && !ON_CI)(`the real LiteLLM proxy (litellm ${pinnedLiteLLMVersion()})`, { shuffle: false }, () => {
  // Made in a hook: a skipped suite's body still runs while vitest collects, but its hooks do not.
  let configDir: string | undefined;
  beforeAll(async () => {
    configDir = mkdtempSync(join(tmpdir(), 'litellm-real-proxy-'));
    const [startedPostgres, startedProxy] = await Promise.all([
      startTestPostgres(),
      startRealLiteLLMProxy({ configPath: writeRealProxyConfig(configDir), masterKey: MASTER_KEY }),
    ]);
    postgres = startedPostgres;
    proxy = startedProxy;
    databaseUrl = await postgres.createDatabase('real_proxy');
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const response = await fetch(`${proxy.url}/model/info`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    expect(response.status).toBe(200);
    listing = ((await response.json()) as { data: ProxyDeployment[] }).data;
  }, 180_000);

  afterAll(async () => {
    await proxy?.stop();
    await client?.end();
    await postgres?.stop();
    if (configDir !== undefined) rmSync(configDir, { recursive: true, force: true });
  });

  describe('what the proxy lists on /model/info', () => {
    it('It should be the pinned version serving every config deployment, paused ones included', () => {
      expect(proxy?.version).toBe(pinnedLiteLLMVersion());
      expect(deploymentsOf('balanced-chat').map((entry) => entry.model_info.id).sort()).toEqual(['lb-a', 'lb-b']);
      expect(deploymentsOf('half-paused').map((entry) => [entry.model_info.id, entry.model_info.blocked === true])).toEqual([
        ['hp-1', true],
        ['hp-2', false],
      ]);
      expect(deploymentsOf('all-paused').map((entry) => entry.model_info.blocked)).toEqual([true]);
      expect(idOf('gpt-4o')).toMatch(/^[0-9a-f]{64}$/);
    });

    it('It should list a wildcard route without known models literally, and expand one with known models', () => {
      expect(deploymentsOf('vllm-cluster/*')).toHaveLength(1);
      expect(deploymentsOf('openai/text-embedding-3-*')).toHaveLength(0);
      const expanded = listing.filter((entry) => entry.model_name.startsWith('openai/text-embedding-3-'));
      expect(expanded.map((entry) => entry.model_name).sort()).toEqual([
        'openai/text-embedding-3-large',
        'openai/text-embedding-3-small',
      ]);
      expect(new Set(expanded.map((entry) => entry.model_info.id)).size).toBe(1);
    });

    it('It should remove api_key and mask other secrets only partly', () => {
      const [qwen] = deploymentsOf('qwen-coder');
      expect(qwen?.litellm_params).not.toHaveProperty('api_key');
      const headers = qwen?.litellm_params.extra_headers as Record<string, string>;
      expect(Object.keys(headers)).toEqual(['X-Gateway-Token']);
      expect(headers['X-Gateway-Token']).toMatch(/^gw-s\*+6789$/);
      expect(qwen?.litellm_params.input_cost_per_token).toBe(1.2e-6);
      expect(deploymentsOf('gpt-4o')[0]?.litellm_params.api_base).toBe('http://proxy-user:proxy-pass@127.0.0.1:9/v1');
    });

    // Without a database (the 401 carrying "Key Hash (Token)=..." needs one, so that case stays on
    // fixtures) the proxy checks only the master key, and answers every other key with a 400.
    it('It should answer a key that is not the master key with HTTP 400 "No connected db."', async () => {
      for (const wrongKey of [`sk-wrong-${randomBytes(8).toString('hex')}`, `wrong-${randomBytes(8).toString('hex')}`]) {
        const response = await fetch(`${proxy?.url}/model/info`, { headers: { authorization: `Bearer ${wrongKey}` } });
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual({
          error: { message: 'No connected db.', type: 'no_db_connection', param: null, code: '400' },
        });
      }
    });
  });

  describe('a sync through the CLI', () => {
    let first: CliRun;
    beforeAll(async () => {
      first = await syncCli(['--json']);
    }, 120_000);

    it('It should exit 0 and print the result without the master key', () => {
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ success: true, dryRun: false, trigger: 'cli' });
      expect(first.stdout).not.toContain(MASTER_KEY);
    });

    it('It should merge several deployments of one name: primary by smallest model_info.id, tpm and rpm summed', async () => {
      expect(await rowOf('balanced-chat')).toEqual(expectedRowOf('balanced-chat'));
    });

    it('It should split a provider prefix into provider and backend model name, and take costs from litellm_params', async () => {
      expect(await rowOf('qwen-coder')).toEqual(expectedRowOf('qwen-coder'));
    });

    it("It should take costs from LiteLLM's cost map and api_base without the URL's credentials", async () => {
      expect(await rowOf('gpt-4o')).toEqual(expectedRowOf('gpt-4o'));
    });

    it('It should give an embedding model the embeddings feature', async () => {
      expect(await rowOf('embed-small')).toEqual(expectedRowOf('embed-small'));
    });

    it('It should store litellm_params without credentials and model_info as the proxy sent it', async () => {
      const { rows: found } = await client.query<{ id: string; metadata: Record<string, Record<string, unknown>> }>(
        'SELECT id, metadata FROM models',
      );
      const stored = JSON.stringify(found);
      expect(stored).not.toMatch(/proxy-pass|X-Gateway-Token|gw-s|sk-upstream|api_key/);
      const qwen = found.find((row) => row.id === 'qwen-coder');
      const [proxied] = deploymentsOf('qwen-coder');
      expect(qwen?.metadata.litellm_model_info).toEqual(proxied?.model_info);
      expect(qwen?.metadata.litellm_params).toMatchObject({
        model: 'openai/RedHatAI/Qwen2.5-Coder-32B-Instruct',
        api_base: 'http://127.0.0.1:9/v1',
        input_cost_per_token: 1.2e-6,
      });
    });

    it('It should list each model a wildcard route expands to, as the proxy serves them', async () => {
      expect(await rowOf('openai/text-embedding-3-large')).toEqual(expectedRowOf('openai/text-embedding-3-large'));
      expect(await rowOf('openai/text-embedding-3-small')).toEqual(expectedRowOf('openai/text-embedding-3-small'));
    });

    // Issue 11: these four (the whole-table check too) need the catalog-fidelity change in lib/catalog.
    it('It should never make a row of a wildcard route', async () => {
      expect((await rows()).map((row) => row.id)).not.toContain('vllm-cluster/*');
    });

    it('It should leave a paused deployment out of its model: primary, costs and tpm from the unpaused one', async () => {
      expect(await rowOf('half-paused')).toEqual(expectedRowOf('half-paused'));
    });

    it('It should not insert a model whose deployments are all paused', async () => {
      expect((await rows()).map((row) => row.id)).not.toContain('all-paused');
    });

    it('It should hold exactly one row per model users can call, row for row', async () => {
      expect(await rows()).toEqual(expectedCatalog());
      const { rows: all } = await client.query<{ id: string }>('SELECT id FROM models');
      expect(sorted(all.map((row) => row.id))).toEqual(servedModelIds());
    });

    it('It should change nothing when run again on the same proxy', async () => {
      const before = await wholeTable();
      const again = await syncCli(['--json']);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ success: true, newModels: 0, updatedModels: 0 });
      expect(await wholeTable()).toEqual(before);
    });
  });

  describe('deprecations and aliases', () => {
    let harness: SyncHarness;
    let db: SyncFixture;
    let first: SyncResult;
    const sync = (): Promise<SyncResult> => db.service.syncModels({ trigger: 'cli', migrate: true }, { litellmApiKey: MASTER_KEY });

    beforeAll(async () => {
      harness = await startSyncHarness();
      db = await harness.freshDatabase({ litellmUrl: proxy?.url ?? '' });
      first = await sync();
    }, 120_000);

    afterAll(async () => {
      await harness?.close();
    });

    async function metadataOf(id: string): Promise<Record<string, unknown> | undefined> {
      const { rows: found } = await db.client.query<{ metadata: Record<string, unknown> }>('SELECT metadata FROM models WHERE id = $1', [id]);
      return found[0]?.metadata;
    }

    it('It should sync every model, the alias too, without a warning: the proxy serves /model/deprecations', () => {
      expect(first).toMatchObject({ success: true, newModels: servedModelIds().length, errors: [] });
      expect(sorted(first.changes.added)).toEqual(servedModelIds());
      expect(first.warnings).toBeUndefined();
    });

    it('It should store each date with its successor, from model_info and from the cost map', async () => {
      expect(await metadataOf('imminent-chat')).toMatchObject({ deprecationDate: dayFromToday(10), successorModel: 'successor-chat' });
      expect(await metadataOf('upcoming-chat')).toMatchObject({ deprecationDate: dayFromToday(200) });
      expect(await metadataOf('deprecated-chat')).toMatchObject({ deprecationDate: dayFromToday(-5) });
      expect(await metadataOf('cost-map-retired')).toMatchObject({ deprecationDate: '2026-07-23' });
      expect(await metadataOf('successor-chat')).not.toHaveProperty('deprecationDate');
    });

    it('It should announce the deprecated models and the imminent one, and not the upcoming one', () => {
      const deprecations = buildSyncEvents(first).filter(
        (event) => event.detailType === DETAIL_TYPES.deprecated || event.detailType === DETAIL_TYPES.deprecationApproaching,
      );
      expect(deprecations.map((event) => [event.detailType, 'modelId' in event.detail ? event.detail.modelId : undefined])).toEqual([
        [DETAIL_TYPES.deprecated, 'cost-map-retired'],
        [DETAIL_TYPES.deprecated, 'deprecated-chat'],
        [DETAIL_TYPES.deprecationApproaching, 'imminent-chat'],
      ]);
    });

    it('It should list the deprecated and imminent models in the status, with the successor', async () => {
      const status = await db.service.readStatus(null);
      expect(status.deprecations.map(({ modelId, status: state, successorModel }) => [modelId, state, successorModel])).toEqual([
        ['cost-map-retired', 'deprecated', null],
        ['deprecated-chat', 'deprecated', null],
        ['imminent-chat', 'deprecating', 'successor-chat'],
      ]);
    });

    it("It should publish an alias as a row of its own that users can call, sharing its target's LiteLLM id", async () => {
      const { rows: found } = await db.client.query<{ id: string; availability: string; litellm_model_id: string; backend_model_name: string }>(
        `SELECT id, availability, litellm_model_id, backend_model_name FROM models WHERE id IN ('chat-latest', 'successor-chat') ORDER BY id`,
      );
      expect(found.map((row) => [row.id, row.availability, row.backend_model_name])).toEqual([
        ['chat-latest', 'available', 'gpt-4o'],
        ['successor-chat', 'available', 'gpt-4o'],
      ]);
      expect(found[0]?.litellm_model_id).toBe(found[1]?.litellm_model_id);
    });

    it('It should change nothing and announce nothing when run again', async () => {
      const again = await sync();
      expect(again).toMatchObject({ success: true, newModels: 0, updatedModels: 0, unchangedModels: servedModelIds().length });
      expect(buildSyncEvents(again)).toEqual([]);
    });
  });

  // Last: the second case stops the proxy.
  describe('failures', () => {
    // The proxy has no database, so it answers any key but the master key with HTTP 400
    // "No connected db." (see above); the operator must still learn that the key is wrong. That
    // answer carries no key hash: the 401 with `Key Hash (Token)=` is tested on the fixture
    // (test/unit/litellm-client.test.ts, test/integration/cli-runs.test.ts).
    it('It should exit 1 with one line that says the key was rejected for a wrong master key, without the key', async () => {
      const wrongKey = `sk-wrong-${randomBytes(12).toString('hex')}`;
      const before = await wholeTable();
      const run = await syncCli([], { LITELLM_API_KEY: wrongKey });
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/LiteLLM rejected the API key .*HTTP 400.*No connected db.*Use the proxy master key/),
      ]);
      const { rows: runs } = await client.query('SELECT * FROM model_sync_runs');
      const output = run.stdout + run.stderr + JSON.stringify(runs);
      expect(output).not.toContain(wrongKey);
      expect(output).not.toContain(MASTER_KEY);
      expect(await wholeTable()).toEqual(before);
    });

    it('It should exit 1 and leave the table as the last good sync wrote it when the proxy has stopped', async () => {
      const before = await wholeTable();
      expect(before.length).toBeGreaterThan(0);
      await proxy?.stop();
      const run = await syncCli(['--json']);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ success: false });
      expect(run.stdout).toMatch(/Could not reach LiteLLM after \d+ attempts \(connection refused\)/);
      expect(await wholeTable()).toEqual(before);
    });
  });
});
