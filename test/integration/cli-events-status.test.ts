import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../support/litellm-stand-in.js';
import { eventSchemaProblems } from '../support/event-schemas.js';
import { startSyncHarness, TEST_KEY } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'litemaas-model-sync.js');
let harness: SyncHarness;
let db: SyncFixture;

function runCli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: cleanEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const env = (): Record<string, string> => ({ LITELLM_API_URL: harness.litellm.url, LITELLM_API_KEY: TEST_KEY, DATABASE_URL: db.url });

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
