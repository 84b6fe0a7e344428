import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSyncHarness } from './sync-harness.js';
import type { SyncFixture, SyncHarness } from './sync-harness.js';

/** What a test file shares: the harness and one database; set once `beforeAll` has run. */
export interface SharedHarness {
  harness: SyncHarness;
  db: SyncFixture;
}

/**
 * Registers the hooks most CLI test files need: a harness and a fresh database for the file,
 * closed after it, and the LiteLLM stand-in answering `catalog` again before each test.
 *
 * @example
 * const shared = useSharedHarness(readFixture('model-info-basic.json'));
 * it('…', async () => { await runCli([], { DATABASE_URL: shared.db.url }); });
 */
export function useSharedHarness(catalog: unknown): SharedHarness {
  const shared = {} as SharedHarness;
  beforeAll(async () => {
    shared.harness = await startSyncHarness();
    shared.db = await shared.harness.freshDatabase();
  });
  afterAll(() => shared.harness.close());
  beforeEach(() => {
    shared.harness.litellm.answer({ body: catalog });
  });
  return shared;
}
