import { beforeEach, describe, expect, it } from 'vitest';
import { createSyncService } from '../../lib/sync/service.js';
import { readModelHistory, readRunChanges } from '../../lib/sync/change-journal.js';
import type { ChangeEntry } from '../../lib/sync/change-journal.js';
import { wrapDatabase } from '../support/faulty-database.js';
import { readFixture } from '../support/fixtures.js';
import { freshDatabasePerTest, TEST_KEY } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';

interface Entry {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
}
const basic = readFixture('model-info-basic.json') as { data: Entry[] };
const ids = [...new Set(basic.data.map((entry) => entry.model_name))].sort();

const perTest = freshDatabasePerTest(() => basic);
let harness: SyncHarness;
let db: SyncFixture;
beforeEach(() => {
  ({ harness, db } = { harness: perTest.harness(), db: perTest.db() });
});

function catalogWith(change: (entries: Entry[]) => Entry[]): { data: Entry[] } {
  return { data: change(structuredClone(basic.data)) };
}

async function journalSize(): Promise<number> {
  const { rows } = await db.client.query<{ count: number }>('SELECT count(*)::int AS count FROM model_sync_changes');
  return rows[0]?.count ?? 0;
}

/** Every entry of a run, page by page. */
async function allRunChanges(runId: string, limit: number): Promise<{ entries: ChangeEntry[]; pages: number }> {
  const entries: ChangeEntry[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await readRunChanges(db.database, runId, { limit, ...(cursor === undefined ? {} : { cursor }) });
    entries.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor !== undefined);
  return { entries, pages };
}

describe('The change journal records what each run did to each model', () => {
  it('It should list every model a first sync added, by id, across pages', async () => {
    // Act
    const first = await db.sync();

    // Assess
    const { entries, pages } = await allRunChanges(first.runId ?? '', 2);
    expect(entries.map((entry) => [entry.modelId, entry.kind, entry.changes])).toEqual(ids.map((id) => [id, 'added', null]));
    expect(pages).toBe(Math.ceil(ids.length / 2));
    expect(entries[0]).toMatchObject({ runId: first.runId, trigger: 'cli' });
  });

  it("It should keep an update's changed columns with their old and new values, and a model's history newest first", async () => {
    // Prepare
    const first = await db.sync();
    harness.litellm.answer({
      body: catalogWith((entries) => {
        const gpt = entries.find((entry) => entry.model_name === 'gpt-4o')!;
        gpt.model_info.max_output_tokens = 4096;
        return entries;
      }),
    });

    // Act
    const second = await db.sync();
    const history = await readModelHistory(db.database, 'gpt-4o');

    // Assess
    expect(history.entries.map((entry) => [entry.runId, entry.kind])).toEqual([
      [second.runId, 'updated'],
      [first.runId, 'added'],
    ]);
    expect(history.entries[0]?.changes).toEqual({
      max_tokens: { old: 16384, new: 4096 },
      metadata: { 'litellm_model_info.max_output_tokens': { old: 16384, new: 4096 } },
    });
    expect(history.nextCursor).toBeNull();
  });

  it('It should record retirements and restorations, and page a history with a cursor', async () => {
    // Prepare
    await db.sync();
    harness.litellm.answer({ body: catalogWith((entries) => entries.filter((entry) => entry.model_name !== 'gpt-4o')) });
    const retiring = await db.sync();
    harness.litellm.answer({ body: basic });
    const restoring = await db.sync();

    // Act
    const newest = await readModelHistory(db.database, 'gpt-4o', { limit: 1 });
    const older = await readModelHistory(db.database, 'gpt-4o', { limit: 1, cursor: newest.nextCursor ?? '' });

    // Assess
    expect(newest.entries).toMatchObject([{ runId: restoring.runId, kind: 'restored', changes: { availability: { old: 'unavailable', new: 'available' } } }]);
    expect(older.entries).toMatchObject([{ runId: retiring.runId, kind: 'retired', changes: { availability: { old: 'available', new: 'unavailable' } } }]);
    expect(older.nextCursor).not.toBeNull();
  });

  it('It should record a paused model as paused', async () => {
    // Prepare
    await db.sync();
    harness.litellm.answer({
      body: catalogWith((entries) => entries.map((entry) => (entry.model_name === 'gpt-4o' ? { ...entry, model_info: { ...entry.model_info, blocked: true } } : entry))),
    });

    // Act
    const pausing = await db.sync();

    // Assess
    const { entries } = await readRunChanges(db.database, pausing.runId ?? '');
    expect(entries.map((entry) => [entry.modelId, entry.kind])).toEqual([['gpt-4o', 'paused']]);
  });

  it('It should add no entry and no statement for an unchanged catalog', async () => {
    // Prepare
    await db.sync();
    const before = await journalSize();
    const metered = wrapDatabase(db.database, () => undefined);
    const service = createSyncService({ database: metered, litellmUrl: harness.litellm.url });

    // Act
    const unchanged = await service.syncModels({ trigger: 'schedule' }, { litellmApiKey: TEST_KEY });

    // Assess
    expect(unchanged).toMatchObject({ success: true, newModels: 0, updatedModels: 0 });
    expect(await journalSize()).toBe(before);
    expect(metered.steps.map((step) => step.name)).not.toContain('upsert-models');
    expect(metered.steps.filter((step) => step.inTransaction)).toEqual([]);
  });

  it('It should never store a credential: the journal holds the scrubbed values the table holds', async () => {
    // Prepare
    await db.sync();
    harness.litellm.answer({
      body: catalogWith((entries) => {
        const gpt = entries.find((entry) => entry.model_name === 'gpt-4o')!;
        gpt.litellm_params.api_base = 'https://journal-user:journal-secret-pw@example.test/v1?sig=journal-signature';
        gpt.litellm_params.vertex_credentials = 'journal-credential-value';
        return entries;
      }),
    });

    // Act
    await db.sync();

    // Assess
    const { rows } = await db.client.query<{ changes: string }>('SELECT coalesce(changes::text, \'\') AS changes FROM model_sync_changes');
    const journal = rows.map((row) => row.changes).join('\n');
    expect(journal).toContain('example.test');
    expect(journal).not.toMatch(/journal-secret-pw|journal-user|journal-signature|journal-credential-value/);
  });

  it('It should keep the names of the changed columns, without their values, for an entry too large to read back in one row', async () => {
    // Prepare
    await db.sync();
    harness.litellm.answer({
      body: catalogWith((entries) => {
        entries.find((entry) => entry.model_name === 'gpt-4o')!.model_info.notes = 'x'.repeat(40_000);
        return entries;
      }),
    });

    // Act
    const large = await db.sync();

    // Assess
    const { entries } = await readRunChanges(db.database, large.runId ?? '');
    expect(entries).toMatchObject([{ modelId: 'gpt-4o', kind: 'updated', changes: { valuesOmitted: true, columns: ['metadata'] } }]);
  });

  it('It should prune entries past the retention in bounded batches, only in runs that change something', async () => {
    // Prepare: 1,500 entries from 200 days ago.
    await db.sync();
    await db.client.query(`
      INSERT INTO model_sync_changes (run_id, model_id, kind, recorded_at)
      SELECT gen_random_uuid(), 'old-' || n, 'added', now() - interval '200 days' FROM generate_series(1, 1500) n`);
    const old = async (): Promise<number> =>
      (await db.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM model_sync_changes WHERE recorded_at < now() - interval '180 days'`)).rows[0]?.n ?? 0;

    // Act
    await db.sync(); // unchanged: prunes nothing
    const afterUnchanged = await old();
    harness.litellm.answer({ body: catalogWith((entries) => entries.filter((entry) => entry.model_name !== 'gpt-4o')) });
    await db.sync(); // retires one model: one batch

    // Assess
    expect(afterUnchanged).toBe(1500);
    expect(await old()).toBe(500);
  });

  it('It should refuse a cursor it did not give out, saying what to pass', async () => {
    await expect(readModelHistory(db.database, 'gpt-4o', { cursor: 'not-a-cursor' })).rejects.toThrow(/pass the nextCursor of the previous page/);
    await expect(readRunChanges(db.database, '00000000-0000-4000-8000-000000000000', { limit: 0 })).rejects.toThrow(/from 1 to 200/);
  });
});
