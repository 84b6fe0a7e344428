import { describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { useSharedHarness } from '../support/shared-harness.js';
import { cliEnv } from '../support/sync-harness.js';

interface Entry {
  model_name: string;
  model_info: Record<string, unknown>;
}

const basic = readFixture('model-info-basic.json') as { data: Entry[] };
const shared = useSharedHarness(basic);
const env = (): Record<string, string | undefined> => cliEnv(shared.harness, shared.db);

function withShorterGpt(): { data: Entry[] } {
  const changed = structuredClone(basic);
  changed.data.find((entry) => entry.model_name === 'gpt-4o')!.model_info.max_output_tokens = 4096;
  return changed;
}

/** The LiteLLM 1.108 deprecation list naming gpt-4o, 10 days out, with a successor. */
function gptDeprecation(): unknown {
  const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const entry = { model_name: 'gpt-4o', litellm_model: 'gpt-4o', deprecation_date: day, days_until_deprecation: 10, status: 'imminent', litellm_provider: 'openai', successor_model: 'gpt-5' };
  return { deprecated: [], imminent: [entry], upcoming: [], warn_within_days: 30 };
}

describe('What the CLI shows a LiteMaaS admin', () => {
  it("It should print a model's history newest first, with each changed column's old and new value", async () => {
    // Prepare
    expect((await runCli([], env())).code).toBe(0);
    shared.harness.litellm.answer({ body: withShorterGpt() });
    expect((await runCli([], env())).code).toBe(0);

    // Act
    const human = await runCli(['history', 'gpt-4o'], env());
    const json = await runCli(['history', 'gpt-4o', '--json'], env());

    // Assess
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^\S+ \S+\s+updated\s+cli run [0-9a-f-]{36}\n/);
    expect(human.stdout).toMatch(/\n\s+max_tokens: 16384 → 4096\n/);
    expect(human.stdout).toMatch(/metadata\.litellm_model_info\.max_output_tokens: 16384 → 4096/);
    expect(human.stdout.indexOf('updated')).toBeLessThan(human.stdout.indexOf('added'));
    expect(JSON.parse(json.stdout)).toMatchObject({ modelId: 'gpt-4o', entries: [{ kind: 'updated' }, { kind: 'added', changes: null }] });
  });

  it("It should print a run's changes with runs <id> --changes", async () => {
    // Prepare
    shared.harness.litellm.answer({ body: { data: basic.data.filter((entry) => entry.model_name !== 'gpt-4o') } });
    const sync = await runCli(['--json', '--force'], env());
    const { runId } = JSON.parse(sync.stdout) as { runId: string };

    // Act
    const changes = await runCli(['runs', runId, '--changes', '--json'], env());

    // Assess
    expect(JSON.parse(changes.stdout)).toMatchObject({
      runId,
      entries: [{ modelId: 'gpt-4o', kind: 'retired', changes: { availability: { old: 'available', new: 'unavailable' } } }],
    });
  });

  it('It should list coming provider retirements in status and announce them in the sync report', async () => {
    // Prepare
    shared.harness.litellm.answerDeprecations({ body: gptDeprecation() });

    // Act
    const sync = await runCli([], env());
    const status = await runCli(['status'], env());
    const statusJson = await runCli(['status', '--json'], env());
    shared.harness.litellm.answerDeprecations({ body: { deprecated: [], imminent: [], upcoming: [] } });

    // Assess
    expect(sync.stdout).toMatch(/deprecating: gpt-4o on \d{4}-\d{2}-\d{2}; successor gpt-5/);
    expect(status.stdout).toMatch(/Retiring \(≤ 30 days\):\n\s+gpt-4o: \d{4}-\d{2}-\d{2} \(in 10 days\); successor gpt-5/);
    expect(JSON.parse(statusJson.stdout)).toMatchObject({ deprecationWarnDays: 30, deprecations: [{ modelId: 'gpt-4o', status: 'deprecating', successorModel: 'gpt-5' }] });
  });

  it('It should print a warning, and still succeed, when the proxy serves no /model/deprecations', async () => {
    // Prepare
    shared.harness.litellm.answerDeprecations({ status: 404, body: { detail: 'Not Found' } });

    // Act
    const sync = await runCli([], env());
    shared.harness.litellm.answerDeprecations({ body: { deprecated: [], imminent: [], upcoming: [] } });

    // Assess
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/warning: LiteLLM's \/model\/deprecations is not served by this proxy/);
  });

  it("It should write no row to LiteMaaS's audit log with --no-litemaas-audit, and one without it", async () => {
    // Prepare: LiteMaaS's audit table (docs/contract.md §8), without its users table.
    await shared.db.client.query(`CREATE TABLE IF NOT EXISTS audit_logs (
      id UUID PRIMARY KEY DEFAULT gen_random_uuid(), user_id UUID, action VARCHAR(100) NOT NULL,
      resource_type VARCHAR(50) NOT NULL, resource_id VARCHAR(255), old_values JSONB, new_values JSONB,
      ip_address INET, user_agent TEXT, session_id VARCHAR(255), success BOOLEAN DEFAULT true,
      error_message TEXT, metadata JSONB DEFAULT '{}', created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP)`);
    const count = async (): Promise<number> => (await shared.db.client.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_logs')).rows[0]?.n ?? 0;
    const before = await count();

    // Act
    shared.harness.litellm.answer({ body: basic });
    await runCli(['--no-litemaas-audit'], env());
    const afterOff = await count();
    shared.harness.litellm.answer({ body: withShorterGpt() });
    await runCli([], env());

    // Assess
    expect(afterOff).toBe(before);
    expect(await count()).toBe(before + 1);
  });
});
