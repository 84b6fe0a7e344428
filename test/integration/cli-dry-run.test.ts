import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { startSyncHarness, TEST_KEY } from '../support/sync-harness.js';
import type { SyncHarness } from '../support/sync-harness.js';
import { runCli } from '../support/run-cli.js';

let harness: SyncHarness;

beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.litellm.answer({ body: readFixture('model-info-basic.json') });
});

/** Everything a migration could add or change: tables, columns, indexes, triggers, functions. */
async function schemaOf(client: pg.Client): Promise<unknown[]> {
  const queries = [
    `SELECT table_name, column_name, data_type, column_default FROM information_schema.columns
     WHERE table_schema = 'public' ORDER BY 1, 2`,
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
    `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`,
    `SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args FROM pg_proc p
     JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1, 2`,
  ];
  const results = [];
  for (const text of queries) results.push((await client.query(text)).rows);
  return results;
}

describe('a dry run', () => {
  it('It should, on a database without our tables, report what a sync would do and leave the schema exactly as it was', async () => {
    const db = await harness.freshDatabase();
    const before = await schemaOf(db.client);
    const run = await runCli(['--dry-run', '--json'], { LITELLM_API_URL: harness.litellm.url, LITELLM_API_KEY: TEST_KEY, DATABASE_URL: db.url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: true, success: true, totalModels: 4, newModels: 4 });
    expect(await schemaOf(db.client)).toEqual(before);
    expect(before).toEqual([[], [], [], []]);
  });

  it('It should, on a synced database, report the exact changes and leave rows, runs and schema as they were', async () => {
    const db = await harness.freshDatabase();
    harness.litellm.answer({ body: { data: readFixture('model-info-basic.json').data.slice(0, 3) } });
    expect((await db.sync()).success).toBe(true);
    harness.litellm.answer({ body: readFixture('model-info-basic.json') });
    const before = { schema: await schemaOf(db.client), models: await db.models(), runs: await db.runCount() };
    const run = await runCli(['--dry-run', '--json'], { LITELLM_API_URL: harness.litellm.url, LITELLM_API_KEY: TEST_KEY, DATABASE_URL: db.url });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: true, success: true, newModels: 1, unchangedModels: 3 });
    expect({ schema: await schemaOf(db.client), models: await db.models(), runs: await db.runCount() }).toEqual(before);
  });
});
