import { RDSDataClient } from '@aws-sdk/client-rds-data';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataApiDatabase } from '../../lib/db/data-api/database.js';
import { createPostgresDatabase } from '../../lib/db/postgres/database.js';
import { SYNC_TRIGGERS } from '../../lib/sync/types.js';
import type { PostgresDatabase } from '../../lib/db/postgres/database.js';
import type { SyncResult, SyncTrigger } from '../../lib/sync/types.js';
import { startDataApiEmulator } from '../support/data-api-emulator.js';
import { deployment } from '../support/catalogs.js';
import type { LiteLLMStandIn } from '../../local/litellm-stand-in.js';
import { FaultReport } from '../support/fault-report.js';
import { checkModelsInvariants, messageProblems } from '../support/models-invariants.js';
import { snapshotModels } from '../support/table-snapshot.js';
import { basicEntries, catalogOf, fastService, LARGE_CATALOG_LITELLM_RETRY, SENTINEL_MASTER_KEY, startReliabilitySuite } from '../support/reliability-database.js';
import type { ReliabilityDatabase } from '../support/reliability-database.js';

const report = new FaultReport('concurrency-and-properties');
// These races are about the database lock: a LiteLLM answer slowed by five fetches on a loaded
// machine must not time out and turn a would-be success into a LiteLLM failure.
const RACE_SETTINGS = { litellmRetry: LARGE_CATALOG_LITELLM_RETRY };
let db: ReliabilityDatabase;
let standIn: LiteLLMStandIn;
let stop: () => Promise<void>;
beforeAll(async () => ({ db, standIn, stop } = await startReliabilitySuite('concurrency')));
afterAll(async () => {
  report.write(); // first, so that a failure while stopping cannot lose the file's rows
  await stop();
});

describe('Five syncs started at once against one database', () => {
  const triggers: SyncTrigger[] = ['schedule', 'manual', 'deploy', 'cli', 'manual'];
  const rounds = [
    { name: 'a changing catalog', migrate: false, extra: ['parallel-a', 'parallel-b', 'parallel-c'] },
    { name: 'a changing catalog, each sync also running the migrations', migrate: true, extra: ['parallel-d', 'parallel-e'] },
    { name: 'an unchanged catalog', migrate: false, extra: [] },
  ];
  const entriesFor = (extra: string[]): unknown[] => [...basicEntries(), ...extra.map((name) => deployment(name))];
  let ports: PostgresDatabase[] = [];

  beforeAll(async () => {
    await db.resetToBaseline();
    // One pool per sync, as five processes or Lambda containers would have.
    ports = triggers.map(() => createPostgresDatabase(db.url));
  });
  afterAll(async () => {
    await Promise.all(ports.map((port) => port.close()));
  });

  it.each(rounds)('It should, with $name, let one or more succeed, skip any other at once and record them all', async ({ name, migrate, extra }) => {
    await db.admin.query('TRUNCATE model_sync_runs');
    const entries = entriesFor(extra);
    // A short delay lines the five runs up on the database.
    standIn.answer({ body: { data: entries }, delayMs: 30 });
    const before = await snapshotModels(db.admin);

    const results: SyncResult[] = await Promise.all(
      triggers.map((trigger, index) =>
        fastService(ports[index] ?? db.database, standIn.url, RACE_SETTINGS).syncModels(
          { trigger, requestedBy: `racer-${index + 1}`, migrate },
          { litellmApiKey: SENTINEL_MASTER_KEY },
        ),
      ),
    );

    const after = await snapshotModels(db.admin);
    const verdict = checkModelsInvariants({ before, after, catalog: catalogOf(entries), expected: 'applied' });
    const succeeded = results.filter((result) => result.success);
    const skipped = results.filter((result) => result.skipped);
    const { rows: runs } = await db.admin.query<{ id: string; status: string; trigger: string }>(
      'SELECT id::text AS id, status, trigger FROM model_sync_runs',
    );
    const added = succeeded.flatMap((result) => result.changes.added).sort();
    report.add({
      fault: `Five concurrent syncs (${triggers.join(', ')}) with ${name}`,
      outcome: `${succeeded.length >= 1 ? 'one or more' : 'none'} succeeded, the rest skipped with "another sync is running"; ${added.length} models added once each`,
      invariants:
        verdict.problems.length === 0 && runs.length === results.length
          ? 'held: table exactly the new catalog; all 5 runs recorded (succeeded or skipped)'
          : `VIOLATED: ${verdict.problems.join('; ')}; ${runs.length} runs recorded`,
    });

    expect(verdict.problems).toEqual([]);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    // Neither succeeded nor skipped: the reasons, so that a failure here says why.
    expect(results.filter((result) => !result.success && !result.skipped).map((result) => result.errors)).toEqual([]);
    expect(succeeded.length + skipped.length).toBe(results.length);
    for (const result of skipped) {
      expect(result).toMatchObject({ success: false, failureReason: 'busy', errors: [expect.stringMatching(/^another sync is running/)] });
    }
    expect(added).toEqual([...extra].sort());
    expect(runs).toHaveLength(results.length);
    expect(new Set(runs.map((run) => run.id))).toEqual(new Set(results.map((result) => result.runId)));
    expect(runs.filter((run) => run.status === 'skipped')).toHaveLength(skipped.length);
    expect(new Set(runs.map((run) => run.trigger))).toEqual(new Set(triggers));
    expect(SYNC_TRIGGERS).toEqual(expect.arrayContaining(triggers));
  });
});

describe('Five syncs started at once through the Data API (one Lambda container each)', () => {
  it('It should let one or more succeed and skip the rest, leaving the table exactly the catalog', async () => {
    await db.resetToBaseline();
    const dataApi = startDataApiEmulator(db.url);
    try {
      const entries = [...basicEntries(), ...['lambda-a', 'lambda-b'].map((name) => deployment(name))];
      standIn.answer({ body: { data: entries }, delayMs: 30 });
      const before = await snapshotModels(db.admin);
      const target = { clusterArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:litemaas', secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf', database: 'concurrency' };
      const triggers: SyncTrigger[] = ['schedule', 'manual', 'deploy', 'manual', 'schedule'];
      const results = await Promise.all(
        triggers.map((trigger) =>
          fastService(createDataApiDatabase(new RDSDataClient({ region: 'eu-west-1' }), target), standIn.url, RACE_SETTINGS).syncModels(
            { trigger, migrate: trigger === 'deploy' },
            { litellmApiKey: SENTINEL_MASTER_KEY },
          ),
        ),
      );
      const after = await snapshotModels(db.admin);
      const verdict = checkModelsInvariants({ before, after, catalog: catalogOf(entries), expected: 'applied' });
      const succeeded = results.filter((result) => result.success);
      const skipped = results.filter((result) => result.skipped);
      const { rows } = await db.admin.query<{ count: number }>('SELECT count(*)::int AS count FROM model_sync_runs');
      report.add({
        fault: `Five concurrent syncs through the Data API (${triggers.join(', ')}; the deploy one migrating)`,
        outcome: `${succeeded.length >= 1 ? 'one or more' : 'none'} succeeded, the rest skipped; each new model added once`,
        invariants:
          verdict.problems.length === 0 && rows[0]?.count === results.length
            ? 'held: table exactly the new catalog; all 5 runs recorded'
            : `VIOLATED: ${verdict.problems.join('; ')}; ${rows[0]?.count} runs recorded`,
      });
      expect(verdict.problems).toEqual([]);
      expect(succeeded.length).toBeGreaterThanOrEqual(1);
      // Neither succeeded nor skipped: the reasons, so that a failure here says why.
      expect(results.filter((result) => !result.success && !result.skipped).map((result) => result.errors)).toEqual([]);
      expect(succeeded.length + skipped.length).toBe(results.length);
      expect(succeeded.flatMap((result) => result.changes.added).sort()).toEqual(['lambda-a', 'lambda-b']);
      expect(rows[0]?.count).toBe(results.length);
    } finally {
      await dataApi.close();
    }
  });
});

describe('Random sequences of catalogs (fast-check)', () => {
  const NAMES = ['alpha', 'beta', 'gamma', 'delta/large', 'epsilon-é', "zeta's"] as const;
  const model = fc.record({
    name: fc.constantFrom(...NAMES),
    tpm: fc.constantFrom(null, 100, 250),
    vision: fc.boolean(),
    description: fc.constantFrom(null, 'From LiteLLM'),
    deployments: fc.integer({ min: 1, max: 2 }),
  });
  type RandomModel = typeof model extends fc.Arbitrary<infer T> ? T : never;
  const catalog = fc.uniqueArray(model, { selector: (entry) => entry.name, maxLength: NAMES.length });
  const NUM_RUNS = 20;
  const MAX_CATALOGS = 4;

  function entriesOf(models: RandomModel[]): unknown[] {
    return models.flatMap((entry) =>
      Array.from({ length: entry.deployments }, (_, index) =>
        deployment(entry.name, {
          litellm_params: { tpm: entry.tpm, api_base: `http://backend-${index}.local/v1` },
          model_info: { id: `${entry.name}-deployment-${index}`, supports_vision: entry.vision, description: entry.description },
        }),
      ),
    ).reverse();
  }

  it('It should keep available rows equal to the catalog, retire the rest, and re-sync without writing', async () => {
    const service = fastService(db.database, standIn.url, { maxRetireFraction: 1 });
    let syncs = 0;
    const sync = async (entries: unknown[]): Promise<SyncResult> => {
      standIn.answer({ body: { data: entries } });
      syncs += 1;
      return service.syncModels({ trigger: 'schedule' }, { litellmApiKey: SENTINEL_MASTER_KEY });
    };

    await fc.assert(
      fc.asyncProperty(fc.array(catalog, { minLength: 1, maxLength: MAX_CATALOGS }), async (sequence) => {
        await db.resetToEmpty();
        const known = new Set<string>();
        for (const models of sequence) {
          const entries = entriesOf(models);
          const names = new Set<string>(models.map((entry) => entry.name));
          const before = await snapshotModels(db.admin);
          const result = await sync(entries);
          const after = await snapshotModels(db.admin);
          if (names.size === 0) {
            // The guard refuses an empty catalog: nothing changes.
            expect(result).toMatchObject({ success: false, failureReason: 'guard' });
            expect(checkModelsInvariants({ before, after, expected: 'unchanged' }).problems).toEqual([]);
            continue;
          }
          expect(result.errors.flatMap((error) => messageProblems(error, [SENTINEL_MASTER_KEY]))).toEqual([]);
          expect(result.success).toBe(true);
          expect(checkModelsInvariants({ before, after, catalog: catalogOf(entries), expected: 'applied' }).problems).toEqual([]);
          for (const name of names) known.add(name);
          const available = [...after.values()].filter((row) => row.availability === 'available').map((row) => row.id);
          expect(new Set(available)).toEqual(names);
          for (const name of known) {
            if (!names.has(name)) expect(after.get(name)?.availability).toBe('unavailable');
          }

          const again = await sync(entries);
          const afterAgain = await snapshotModels(db.admin);
          expect(again).toMatchObject({ success: true, newModels: 0, updatedModels: 0, unavailableModels: 0 });
          expect(checkModelsInvariants({ before: after, after: afterAgain, expected: 'unchanged' }).problems).toEqual([]);
        }
      }),
      { numRuns: NUM_RUNS },
    );

    expect(syncs).toBeGreaterThanOrEqual(NUM_RUNS);
    report.add({
      fault: `fast-check: ${NUM_RUNS} random sequences of 1–${MAX_CATALOGS} catalogs over ${NAMES.length} names (1–2 deployments each, listed in reverse, empty catalogs included)`,
      outcome:
        'every non-empty catalog synced; empty catalogs refused by the guard; every identical re-sync wrote nothing (0 new, 0 updated, 0 retired, updated_at unchanged)',
      invariants: `held: available rows = catalog names, known names missing from the catalog unavailable, table exactly the catalog or (refused) as before`,
    });
  });
});
