import { describe, expect, it } from 'vitest';
import { buildSyncEvents } from '../../lib/events/build-events.js';
import { DETAIL_TYPES } from '../../lib/events/event-shapes.js';
import { readFixture } from '../support/fixtures.js';
import { eventSchemaProblems } from '../support/event-schemas.js';
import { useSyncHarness } from '../support/sync-harness.js';

interface Entry {
  model_name: string;
  model_info: Record<string, unknown>;
}
const basic = readFixture('model-info-basic.json') as { data: Entry[] };

const harness = useSyncHarness(() => basic);

describe('the events real runs produce', () => {
  it('It should report added, updated (with the changed columns), retired and restored models, all matching the schemas', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    const first = await db.sync({ requestedBy: 'cli:alice' });
    const changed = structuredClone(basic);
    const gpt = changed.data.find((entry) => entry.model_name === 'gpt-4o')!;
    gpt.model_info.max_output_tokens = 4096;
    gpt.model_info.max_input_tokens = 64_000;
    const withoutLlama = { data: changed.data.filter((entry) => entry.model_name !== 'llama-3.1-8b-instruct') };
    harness().litellm.answer({ body: withoutLlama });

    // Act
    const second = await db.sync();
    harness().litellm.answer({ body: basic });
    const third = await db.sync();

    // Assess
    const firstEvents = buildSyncEvents(first, { requestedBy: 'cli:alice' });
    expect(firstEvents.map((event) => event.detailType)).toEqual([DETAIL_TYPES.runCompleted, ...Array<string>(4).fill(DETAIL_TYPES.added)]);
    const secondEvents = buildSyncEvents(second);
    expect(secondEvents.map((event) => [event.detailType, event.detail])).toMatchObject([
      [DETAIL_TYPES.runCompleted, { counts: { updated: 1, retired: 1 } }],
      [DETAIL_TYPES.retired, { modelId: 'llama-3.1-8b-instruct' }],
      [DETAIL_TYPES.updated, { modelId: 'gpt-4o', changedColumns: ['context_length', 'metadata', 'max_tokens'] }],
    ]);
    const thirdEvents = buildSyncEvents(third);
    expect(thirdEvents.map((event) => event.detailType)).toEqual([
      DETAIL_TYPES.runCompleted,
      DETAIL_TYPES.restored,
      DETAIL_TYPES.updated,
    ]);
    expect(third.updatedColumns?.['llama-3.1-8b-instruct']).toEqual(['availability']);
    expect(third.updatedColumns?.['gpt-4o']).toEqual(['context_length', 'metadata', 'max_tokens']);
    for (const event of [...firstEvents, ...secondEvents, ...thirdEvents]) expect(eventSchemaProblems(event)).toEqual([]);
  });

  it('It should report no changed column for a forced rewrite of unchanged models', async () => {
    // Prepare
    const db = await harness().freshDatabase();
    await db.sync();

    // Act
    const forced = await db.sync({ forceUpdate: true });

    // Assess
    expect(forced.updatedModels).toBe(4);
    expect(Object.values(forced.updatedColumns ?? {})).toEqual([[], [], [], []]);
  });
});
