import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSyncEvents } from '../../lib/events/build-events.js';
import { DETAIL_TYPES } from '../../lib/events/event-shapes.js';
import type { SyncResult } from '../../lib/sync/types.js';
import { liteLLMProxyInstallProblem, pinnedLiteLLMVersion, startRealLiteLLMProxy } from '../../local/litellm-proxy.js';
import type { RealLiteLLMProxy } from '../../local/litellm-proxy.js';
import { runningOnCi } from '../support/ci.js';
import { startSyncHarness, TEST_KEY } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';

// The real LiteLLM proxy with a deprecated, an imminent and an upcoming model (model_info
// overrides and one date from LiteLLM's own cost map), one with a successor, and a
// router_settings alias: what issue 19 §3 and §4 promise, against what the proxy really serves.

const ON_CI = runningOnCi();
const INSTALL_PROBLEM = liteLLMProxyInstallProblem();
const DAY_MS = 86_400_000;

function day(offset: number): string {
  return new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
}

function deployment(name: string, model: string, modelInfo: Record<string, string> = {}): string {
  const info = Object.entries(modelInfo).map(([key, value]) => `\n      ${key}: "${value}"`).join('');
  return `
  - model_name: ${name}
    litellm_params:
      model: ${model}
      api_base: http://127.0.0.1:9/v1
      api_key: sk-upstream-dummy${info === '' ? '' : `\n    model_info:${info}`}`;
}

/** Dates relative to today, so that "imminent" stays imminent whenever the suite runs. */
function config(): string {
  return `model_list:${[
    deployment('imminent-chat', 'openai/in-house-chat', { deprecation_date: day(10), successor_model: 'successor-chat' }),
    deployment('upcoming-chat', 'openai/in-house-chat-2', { deprecation_date: day(200) }),
    deployment('deprecated-chat', 'openai/in-house-chat-0', { deprecation_date: day(-5) }),
    // No date in model_info: LiteLLM's cost map retired computer-use-preview on 2026-07-23.
    deployment('cost-map-retired', 'openai/computer-use-preview'),
    deployment('successor-chat', 'openai/gpt-4o'),
  ].join('')}
router_settings:
  model_group_alias:
    chat-latest: successor-chat
litellm_settings:
  telemetry: false
general_settings:
  disable_spend_logs: true
`;
}

it.runIf(ON_CI)('It should have the pinned LiteLLM proxy installed on CI', () => {
  expect(INSTALL_PROBLEM).toBeUndefined();
});

describe.skipIf(INSTALL_PROBLEM !== undefined && !ON_CI)(`Deprecations and aliases on the real LiteLLM proxy (litellm ${pinnedLiteLLMVersion()})`, () => {
  let proxy: RealLiteLLMProxy | undefined;
  let harness: SyncHarness;
  let db: SyncFixture;
  let first: SyncResult;
  const configDir = mkdtempSync(join(tmpdir(), 'litellm-deprecations-'));

  beforeAll(async () => {
    const configPath = join(configDir, 'config.yaml');
    writeFileSync(configPath, config());
    const [startedHarness, startedProxy] = await Promise.all([
      startSyncHarness(),
      startRealLiteLLMProxy({ configPath, masterKey: TEST_KEY }),
    ]);
    harness = startedHarness;
    proxy = startedProxy;
    db = await harness.freshDatabase({ litellmUrl: proxy.url });
    first = await db.sync();
  }, 180_000);

  afterAll(async () => {
    await proxy?.stop();
    await harness?.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  async function metadataOf(id: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await db.client.query<{ metadata: Record<string, unknown> }>('SELECT metadata FROM models WHERE id = $1', [id]);
    return rows[0]?.metadata;
  }

  it('It should sync every model, the alias too, without a warning: the proxy serves /model/deprecations', () => {
    expect(first).toMatchObject({ success: true, newModels: 6, errors: [] });
    expect(first.warnings).toBeUndefined();
  });

  it('It should store each date with its successor, from model_info and from the cost map', async () => {
    expect(await metadataOf('imminent-chat')).toMatchObject({ deprecationDate: day(10), successorModel: 'successor-chat' });
    expect(await metadataOf('upcoming-chat')).toMatchObject({ deprecationDate: day(200) });
    expect(await metadataOf('deprecated-chat')).toMatchObject({ deprecationDate: day(-5) });
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
    const { rows } = await db.client.query<{ id: string; availability: string; litellm_model_id: string; backend_model_name: string }>(
      `SELECT id, availability, litellm_model_id, backend_model_name FROM models WHERE id IN ('chat-latest', 'successor-chat') ORDER BY id`,
    );
    expect(rows.map((row) => [row.id, row.availability, row.backend_model_name])).toEqual([
      ['chat-latest', 'available', 'gpt-4o'],
      ['successor-chat', 'available', 'gpt-4o'],
    ]);
    expect(rows[0]?.litellm_model_id).toBe(rows[1]?.litellm_model_id);
  });

  it('It should change nothing and announce nothing when run again', async () => {
    const again = await db.sync();
    expect(again).toMatchObject({ success: true, newModels: 0, updatedModels: 0, unchangedModels: 6 });
    expect(buildSyncEvents(again)).toEqual([]);
  });
});
