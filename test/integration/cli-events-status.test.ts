import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { eventSchemaProblems } from '../support/event-schemas.js';
import { oneLine, runCli } from '../support/run-cli.js';
import { cliEnv, startSyncHarness, TEST_KEY } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';
import { runOnUnusedDataDir } from '../support/unused-data-dir.js';

let harness: SyncHarness;
let db: SyncFixture;

const env = (): Record<string, string | undefined> => cliEnv(harness, db);

beforeAll(async () => {
  harness = await startSyncHarness();
  harness.litellm.answer({ body: readFixture('model-info-basic.json') });
  db = await harness.freshDatabase();
});
afterAll(() => harness.close());

describe('the CLI --events', () => {
  it('It should add the events of the run, as EventBridge delivers them, to the --json result', async () => {
    // Act
    const run = await runCli(['--json', '--events'], env());

    // Assess
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as { runId: string; events: { source: string; 'detail-type': string; detail: never }[] };
    expect(output.events.map((event) => event['detail-type'])).toEqual([
      'Model Sync Run Completed',
      'Model Added',
      'Model Added',
      'Model Added',
      'Model Added',
    ]);
    expect(output.events[0]).toMatchObject({ source: 'litemaas.model-sync', detail: { runId: output.runId } });
    expect(JSON.stringify(output.events[0])).toMatch(/"requestedBy":"cli/);
    for (const event of output.events) {
      expect(eventSchemaProblems({ source: 'litemaas.model-sync', detailType: event['detail-type'] as never, detail: event.detail })).toEqual([]);
    }
    expect(run.stdout).not.toContain(TEST_KEY);
  });

  it('It should say that an unchanged run publishes nothing', async () => {
    // Act
    const run = await runCli(['--events'], env());

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Events: none \(the run changed nothing\)/);
  });
});

describe('the CLI status', () => {
  it('It should print the status as JSON, with the schedule from the environment', async () => {
    // Act (the runs above recorded two successful cli runs)
    const run = await runCli(['status', '--json'], { ...env(), SYNC_SCHEDULE_ENABLED: 'true', SYNC_INTERVAL_MINUTES: '30' });

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      lastRun: { trigger: 'cli', status: 'succeeded' },
      lastSuccessfulRun: { trigger: 'cli', status: 'succeeded' },
      minutesSinceLastSuccess: 0,
      consecutiveFailures: 0,
      lastRunSkipped: false,
      models: { available: 4, unavailable: 0 },
      schedule: { enabled: true, intervalMinutes: 30 },
    });
  });

  it('It should print a readable summary and exit 1 after a failed run', async () => {
    // Prepare
    harness.litellm.answer({ status: 401, body: { error: { message: 'invalid key' } } });
    await db.sync();

    // Act
    const run = await runCli(['status'], env());

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Last run:\s+failed \(litellm\) · cli/);
    expect(run.stdout).toMatch(/Consecutive failures: 1/);
    expect(run.stdout).toMatch(/Models:\s+4 available, 0 unavailable/);
    expect(run.stdout).toMatch(/Schedule:\s+not known here/);
    expect(oneLine(run.stderr)).toMatch(/the last sync run failed \(litellm\); see "litemaas-model-sync runs [0-9a-f-]{36}"/);
    expect(run.stdout).toMatch(/Database users:\s+sync postgres, read postgres/);
  });

  it('It should still say why on stderr when --json exits 1', async () => {
    // Act (the run above failed)
    const run = await runCli(['status', '--json'], env());

    // Assess
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ lastRun: { status: 'failed' } });
    expect(oneLine(run.stderr)).toMatch(/the last sync run failed \(litellm\)/);
  });

  it('It should say that nothing ran yet on a fresh data directory, without creating it', async () => {
    // Act
    const { run, created } = await runOnUnusedDataDir(['status']);

    // Assess
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toMatch(/no sync has run against the embedded database in .* yet/);
    expect(created).toBe(false);
  });

  it('It should refuse an unknown option with exit code 2', async () => {
    const run = await runCli(['status', '--bogus'], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bogus/);
  });
});
