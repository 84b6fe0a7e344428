import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { downgradeToVersion01, startSyncHarness, TEST_KEY } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';
import { oneLine, runCli } from '../support/run-cli.js';

let harness: SyncHarness;
let db: SyncFixture;
const env = (): Record<string, string> => ({ DATABASE_URL: db.url });

beforeAll(async () => {
  harness = await startSyncHarness();
  db = await harness.freshDatabase();
  harness.litellm.answer({ body: { data: readFixture('model-info-basic.json').data.slice(0, 2) } });
  await db.sync();
  harness.litellm.answer({ body: readFixture('model-info-basic.json') });
  await db.sync();
  // LiteLLM's 401 echoes part of the key and its hash: the recorded run must carry neither.
  const answer401 = JSON.stringify(readFixture('error-401.json')).replace('sk-...4iJw', TEST_KEY);
  if (!answer401.includes(KEY_HASH) || !answer401.includes(TEST_KEY)) throw new Error('error-401.json no longer holds the key and its hash');
  harness.litellm.answer({ status: 401, body: answer401 });
  await db.sync();
});
afterAll(() => harness.close());

/** The key's hash in LiteLLM's 401 fixture (`Key Hash (Token) =…`). */
const KEY_HASH = 'd5568bf235b137109f05d7809524977a65517b4749dec14163203bc560818978';

describe('litemaas-model-sync runs', () => {
  it('It should print the same JSON as GET /sync/runs, newest first, limited', async () => {
    const run = await runCli(['runs', '--limit', '2', '--json'], env());
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { runs: unknown[] };
    expect(body).toEqual({ runs: JSON.parse(JSON.stringify(await db.service.listRuns(2))) as unknown[] });
    expect(body.runs).toHaveLength(2);
    expect(body.runs[0]).toMatchObject({ status: 'failed', failureReason: 'litellm' });
  });

  it('It should show a compact table without --json', async () => {
    const run = await runCli(['runs'], env());
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^started \(UTC\)\s+status\s+trigger\s+published/);
    expect(lines[1]).toMatch(/failed \(litellm\)\s+cli\s+0/);
    expect(lines[2]).toMatch(/succeeded\s+cli\s+4\s+\+2 ~0 -0 \^0/);
    expect(lines[3]).toMatch(/succeeded\s+cli\s+2\s+\+2 ~0 -0 \^0/);
  });

  it('It should show one run by id, as GET /sync/runs/{runId} does', async () => {
    const [latest] = await db.service.listRuns(1);
    const json = await runCli(['runs', latest?.runId ?? '', '--json'], env());
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(latest)));
    const human = await runCli(['runs', latest?.runId ?? ''], env());
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/error: LiteLLM rejected the API key \(HTTP 401/);
    for (const output of [human.stdout, json.stdout]) {
      expect(output).not.toContain(TEST_KEY);
      expect(output).not.toContain(KEY_HASH.slice(0, 16));
    }
  });

  it('It should exit 1 with one line for a run id that was never recorded', async () => {
    const run = await runCli(['runs', '00000000-0000-4000-8000-000000000000'], env());
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toMatch(/No sync run has the id 00000000-0000-4000-8000-000000000000/);
  });

  it('It should say there are no runs on a database that was never synced, and create nothing', async () => {
    const empty = await harness.freshDatabase();
    const run = await runCli(['runs', '--json'], { DATABASE_URL: empty.url });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ runs: [] });
    const { rows } = await empty.client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(rows).toEqual([]);
  });

  it('It should count retired and paused apart, and show one run\'s paused, missing and ignored models', async () => {
    // Prepare: gpt-4o paused, claude missing (retired only on its second missed run), a wildcard route.
    const graced = await harness.freshDatabase({ retireAfterMissedRuns: 2 });
    const full = readFixture('model-info-basic.json').data as { model_name: string; model_info: Record<string, unknown> }[];
    harness.litellm.answer({ body: { data: full } });
    await graced.sync();
    const changed = full
      .filter((entry) => entry.model_name !== 'claude-sonnet-4-5')
      .map((entry) => (entry.model_name === 'gpt-4o' ? { ...entry, model_info: { ...entry.model_info, blocked: true } } : entry));
    harness.litellm.answer({ body: { data: [...changed, { model_name: 'openai/*', litellm_params: { model: 'openai/*' }, model_info: {} }] } });
    const pausing = await graced.sync();
    const retiring = await graced.sync();
    expect(retiring.changes.retired).toEqual(['claude-sonnet-4-5']);
    // Act
    const list = await runCli(['runs'], { DATABASE_URL: graced.url });
    const one = await runCli(['runs', pausing.runId ?? ''], { DATABASE_URL: graced.url });
    // Assess
    expect(list.code).toBe(0);
    const [header, retiringLine, pausingLine] = list.stdout.trim().split('\n');
    expect(header).toMatch(/changes \(\+new ~updated -retired \^restored\)\s+paused\s+ms/);
    expect(retiringLine).toMatch(/\+0 ~0 -1 \^0\s+0\s/);
    expect(pausingLine).toMatch(/\+0 ~0 -0 \^0\s+1\s/);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^paused: gpt-4o$/m);
    expect(one.stdout).toMatch(/^missing: claude-sonnet-4-5$/m);
    expect(one.stdout).toMatch(/^missing = no longer listed by LiteLLM, still available until 2 runs in a row missed it/m);
    expect(one.stdout).toMatch(/^ignored: openai\/\* \(wildcard\)$/m);
  });

  it('It should read the runs of a 0.1 database (before paused and ignored were recorded) without migrating it', async () => {
    const old = await harness.freshDatabase();
    harness.litellm.answer({ body: readFixture('model-info-basic.json') });
    const synced = await old.sync();
    await downgradeToVersion01(old.client);
    const list = await runCli(['runs', '--json'], { DATABASE_URL: old.url });
    expect(list.code).toBe(0);
    const { runs } = JSON.parse(list.stdout) as { runs: unknown[] };
    expect(runs).toEqual([expect.objectContaining({ runId: synced.runId, pausedModels: 0, ignoredModels: 0, ignored: [] })]);
    const one = await runCli(['runs', synced.runId ?? ''], { DATABASE_URL: old.url });
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/added: /);
    const { rows } = await old.client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'model_sync_runs' AND column_name = 'ignored'`);
    expect(rows).toEqual([]);
  });

  it.each([
    [['runs', '--limit', '0'], /--limit must be an integer from 1 to 100/],
    [['runs', 'not-a-uuid'], /A run id is a UUID/],
    [['runs', '--dry-run'], /--dry-run does not apply to "runs"/],
    [['--limit', '3'], /--limit does not apply to a sync/],
  ])('It should exit 2 with one line for %j', async (args, message) => {
    const run = await runCli(args, { ...env(), LITELLM_API_URL: harness.litellm.url, LITELLM_API_KEY: TEST_KEY });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(message);
  });
});

describe('litemaas-model-sync runs on the embedded PostgreSQL', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  /** A data directory that looks initialised (PG_VERSION) but holds no real cluster. */
  function initialisedLooking(mode = 0o755): string {
    const base = mkdtempSync(join(tmpdir(), 'model-sync-runs-'));
    made.push(base);
    chmodSync(base, mode);
    const dataDir = join(base, 'pg');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'PG_VERSION'), '16\n');
    return dataDir;
  }

  it('It should say no runs are recorded on a fresh data directory, without creating it', async () => {
    const base = mkdtempSync(join(tmpdir(), 'model-sync-runs-'));
    made.push(base);
    const dataDir = join(base, 'pg');
    const human = await runCli(['runs', '--data-dir', dataDir], {});
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/No runs recorded yet/);
    const json = await runCli(['runs', '--json', '--data-dir', dataDir], {});
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ runs: [] });
    const one = await runCli(['runs', '00000000-0000-4000-8000-000000000000', '--data-dir', dataDir], {});
    expect(one.code).toBe(1);
    expect(oneLine(one.stderr)).toMatch(/No sync run has the id 00000000-0000-4000-8000-000000000000/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('It should exit 3 with one line when the data directory is held by another process', async () => {
    const dataDir = initialisedLooking();
    // A live process (this one) holds it; no port is recorded, so there is no server to read from.
    writeFileSync(join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);
    const run = await runCli(['runs', '--data-dir', dataDir], {});
    expect(run.code).toBe(3);
    expect(oneLine(run.stderr)).toMatch(/is in use \(process \d+\)/);
  });

  it.runIf(userInfo().uid === 0)('It should exit 2 with one line when, as root, the data directory is out of reach', async () => {
    const dataDir = initialisedLooking(0o700);
    const run = await runCli(['runs', '--data-dir', dataDir], {});
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/cannot enter .*--data-dir or MODEL_SYNC_DATA_DIR/);
  });
});
