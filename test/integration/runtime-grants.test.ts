import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../../lib/db/postgres/database.js';
import type { PostgresDatabase } from '../../lib/db/postgres/database.js';
import { createSyncService } from '../../lib/sync/service.js';
import { readFixture } from '../support/fixtures.js';
import { startSyncHarness, TEST_KEY } from '../support/sync-harness.js';
import type { SyncHarness } from '../support/sync-harness.js';

// The runtime user docs/deploy.md describes for the scheduled and API functions: exactly its
// GRANTs, taken from the document, on a database the deploy-time migration has already set up.

const PASSWORD = 'model-sync-runtime-test';

/** The statements of the SQL block under "### Optional: a runtime user" in docs/deploy.md. */
function documentedRuntimeGrants(): string[] {
  const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
  const block = /```sql\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf('### Optional: a runtime user')))?.[1];
  if (block === undefined) throw new Error('docs/deploy.md has no sql block under "### Optional: a runtime user"');
  return block
    .split('\n')
    .map((line) => line.replace(/--.*$/, '').trim())
    .join(' ')
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}

const basic = readFixture('model-info-basic.json');
let harness: SyncHarness;
const opened: PostgresDatabase[] = [];

beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(async () => {
  for (const database of opened) await database.close();
  await harness.close();
});

describe('the scheduled and API functions as the documented runtime user', () => {
  it('It should sync, count a missing model and retire it with exactly the runtime grants', async () => {
    // Prepare: the deploy-time function migrates as the owner; the runtime role only gets the GRANTs.
    harness.litellm.answer({ body: basic });
    const db = await harness.freshDatabase();
    await db.sync();
    const role = `model_sync_runtime_${process.pid}`;
    for (const statement of documentedRuntimeGrants()) {
      await db.client.query(
        statement.replace(/\bmodel_sync_runtime\b/g, role).replace("PASSWORD '…'", `PASSWORD '${PASSWORD}'`),
      );
    }
    const url = new URL(db.url);
    url.username = role;
    url.password = PASSWORD;
    const roleDatabase = createPostgresDatabase(url.toString());
    opened.push(roleDatabase);
    // Three runs before retirement: the grace row is inserted, updated, then deleted.
    const service = createSyncService({
      database: roleDatabase,
      litellmUrl: harness.litellm.url,
      litellmRetry: { timeoutMs: 2_000, maxAttempts: 2, backoffBaseMs: 5 },
      retireAfterMissedRuns: 3,
    });
    const sync = () => service.syncModels({ trigger: 'schedule', migrate: false }, { litellmApiKey: TEST_KEY });
    harness.litellm.answer({ body: { data: basic.data.slice(1) } });

    // Act
    const counted = await sync();
    const countedAgain = await sync();
    const retired = await sync();

    // Assess
    expect(documentedRuntimeGrants().join('; ')).not.toMatch(/CREATE ON|ALL PRIVILEGES|OWNER|SUPERUSER/i);
    expect(counted).toMatchObject({ errors: [], success: true, unavailableModels: 0 });
    expect(countedAgain).toMatchObject({ errors: [], success: true, unavailableModels: 0 });
    expect(retired).toMatchObject({ errors: [], success: true, unavailableModels: 1 });
    const { rows } = await db.client.query<{ count: number }>('SELECT count(*)::int AS count FROM model_sync_missing');
    expect(rows[0]?.count).toBe(0);
    expect(await service.listRuns(5)).toHaveLength(4);
  });
});
