import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSyncEvents } from '../../lib/events/build-events.js';
import { DETAIL_TYPES } from '../../lib/events/event-shapes.js';
import { eventSchemaProblems } from '../support/event-schemas.js';
import { startSyncHarness } from '../support/sync-harness.js';
import type { SyncFixture, SyncHarness } from '../support/sync-harness.js';

const DAY_MS = 86_400_000;

/** The UTC day `offset` days from today, as LiteLLM writes dates. */
function day(offset: number): string {
  return new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
}

function entry(name: string, modelInfo: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model_name: name,
    litellm_params: { model: `openai/${name}`, api_base: 'http://127.0.0.1:9/v1' },
    model_info: { id: `id-${name}`, ...modelInfo },
  };
}

/** A `/model/deprecations` answer as LiteLLM 1.108.7 shapes it. */
function listed(...entries: { model_name: string; deprecation_date: string; successor_model?: string | null }[]): unknown {
  const full = entries.map((item) => ({ litellm_model: `openai/${item.model_name}`, litellm_provider: 'openai', successor_model: null, ...item }));
  return { deprecated: [], imminent: full, upcoming: [], warn_within_days: 30, checked_at: new Date().toISOString() };
}

const catalog = [
  entry('retiring-soon', { deprecation_date: day(10), successor_model: 'its-successor' }),
  entry('retiring-later', { deprecation_date: day(90) }),
  entry('from-cost-map'),
  entry('already-gone', { deprecation_date: day(-3) }),
  entry('no-date'),
  entry('its-successor'),
];

let harness: SyncHarness;
let db: SyncFixture;

beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(() => harness.close());
beforeEach(async () => {
  harness.litellm.answer({ body: { data: catalog } });
  harness.litellm.answerDeprecations({ body: listed({ model_name: 'from-cost-map', deprecation_date: day(20) }) });
  db = await harness.freshDatabase();
});

async function metadataOf(id: string): Promise<Record<string, unknown>> {
  const { rows } = await db.client.query<{ metadata: Record<string, unknown>; availability: string }>(
    'SELECT metadata, availability FROM models WHERE id = $1',
    [id],
  );
  expect(rows[0]?.availability).toBe('available');
  return rows[0]?.metadata ?? {};
}

/** Moves every recorded run back in time, as if the last sync had run `days` ago. */
async function lastSyncWas(days: number): Promise<void> {
  await db.client.query(`UPDATE model_sync_runs SET started_at = started_at - make_interval(days => $1)`, [days]);
}

describe('Each run learns when a provider retires a model', () => {
  it('It should store the date and successor from model_info, else from /model/deprecations, and keep the model available', async () => {
    // Act
    const result = await db.sync();

    // Assess
    expect(result).toMatchObject({ success: true, newModels: 6 });
    expect(result.warnings).toBeUndefined();
    expect(await metadataOf('retiring-soon')).toMatchObject({ deprecationDate: day(10), successorModel: 'its-successor' });
    expect(await metadataOf('from-cost-map')).toMatchObject({ deprecationDate: day(20) });
    expect(await metadataOf('from-cost-map')).not.toHaveProperty('successorModel');
    expect(await metadataOf('no-date')).not.toHaveProperty('deprecationDate');
  });

  it('It should let model_info win over /model/deprecations for the same name', async () => {
    // Prepare
    harness.litellm.answerDeprecations({ body: listed({ model_name: 'retiring-soon', deprecation_date: day(40), successor_model: 'other' }) });

    // Act
    await db.sync();

    // Assess
    expect(await metadataOf('retiring-soon')).toMatchObject({ deprecationDate: day(10), successorModel: 'its-successor' });
  });

  it('It should count a changed date as an update, and an unchanged catalog as unchanged', async () => {
    // Prepare
    await db.sync();
    harness.litellm.answerDeprecations({ body: listed({ model_name: 'from-cost-map', deprecation_date: day(25) }) });

    // Act
    const moved = await db.sync();
    const again = await db.sync();

    // Assess
    expect(moved).toMatchObject({ success: true, updatedModels: 1, updatedColumns: { 'from-cost-map': ['metadata'] } });
    expect(again).toMatchObject({ success: true, newModels: 0, updatedModels: 0, unchangedModels: 6 });
  });

  it.each([
    ['a proxy older than 1.108 (404)', { status: 404, body: { detail: 'Not Found' } }, /not served by this proxy/],
    ['an error', { status: 500, body: { error: { message: 'internal http://10.0.0.7:4000 boom' } } }, /answered HTTP 500/],
    ['an answer that is not a list', { body: '<html>' }, /not JSON/],
  ])('It should sync all the same, with one warning, when /model/deprecations gives %s', async (_case, answer, warning) => {
    // Prepare
    harness.litellm.answerDeprecations(answer);

    // Act
    const result = await db.sync();

    // Assess
    expect(result).toMatchObject({ success: true, newModels: 6, errors: [] });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings?.[0]).toMatch(warning);
    expect(result.warnings?.[0]).not.toMatch(/10\.0\.0\.7|boom/);
    expect(await metadataOf('retiring-soon')).toMatchObject({ deprecationDate: day(10) });
    expect(await metadataOf('from-cost-map')).not.toHaveProperty('deprecationDate');
  });
});

describe('Change events tell subscribers once', () => {
  it('It should announce what is past or within the window on the first run, and nothing when the next run sees nothing new', async () => {
    // Act
    const first = await db.sync();
    const second = await db.sync();

    // Assess
    const events = buildSyncEvents(first);
    const deprecationEvents = events.filter((event) => event.detailType !== DETAIL_TYPES.runCompleted && event.detailType !== DETAIL_TYPES.added);
    expect(deprecationEvents.map((event) => [event.detailType, event.detail])).toEqual([
      [DETAIL_TYPES.deprecated, expect.objectContaining({ modelId: 'already-gone', deprecationDate: day(-3), daysUntilDeprecation: -3, successorModel: null })],
      [DETAIL_TYPES.deprecationApproaching, expect.objectContaining({ modelId: 'from-cost-map', daysUntilDeprecation: 20, successorModel: null })],
      [DETAIL_TYPES.deprecationApproaching, expect.objectContaining({ modelId: 'retiring-soon', daysUntilDeprecation: 10, successorModel: 'its-successor' })],
    ]);
    for (const event of events) expect(eventSchemaProblems(event)).toEqual([]);
    expect(second.deprecations).toBeUndefined();
    expect(buildSyncEvents(second)).toEqual([]);
  });

  it('It should announce once even while an entry LiteLLM lists cannot be used (runs that fail only for that still announce)', async () => {
    // Prepare: an entry without a name makes each run end "failed", yet apply and announce the rest.
    harness.litellm.answer({ body: { data: [...catalog, { litellm_params: { model: 'openai/x' }, model_info: {} }] } });

    // Act
    const first = await db.sync();
    const second = await db.sync();

    // Assess
    expect(first).toMatchObject({ success: false, errors: [expect.stringMatching(/has no model_name/)] });
    expect(first.deprecations?.map((notice) => notice.modelId)).toEqual(['already-gone', 'from-cost-map', 'retiring-soon']);
    expect(second).toMatchObject({ success: false });
    expect(second.deprecations).toBeUndefined();
  });

  it('It should announce a model entering the window, and a date passing, in the run that first sees it, even when nothing else changed', async () => {
    // Prepare: the last successful run was 40 days ago. Since then already-gone's date passed
    // (3 days ago), from-cost-map entered the window (10 days ago) and so did retiring-soon (20
    // days ago); retiring-later enters it in 60 days.
    await db.sync();
    await lastSyncWas(40);

    // Act
    const later = await db.sync();

    // Assess
    expect(later).toMatchObject({ success: true, newModels: 0, updatedModels: 0 });
    expect(later.deprecations?.map(({ modelId, kind }) => [modelId, kind])).toEqual([
      ['already-gone', 'deprecated'],
      ['from-cost-map', 'approaching'],
      ['retiring-soon', 'approaching'],
    ]);
    expect(buildSyncEvents(later).map((event) => event.detailType)).toEqual([
      DETAIL_TYPES.deprecated,
      DETAIL_TYPES.deprecationApproaching,
      DETAIL_TYPES.deprecationApproaching,
    ]);
  });

  it('It should say nothing for a window entered or a date passed before the last successful run', async () => {
    // Prepare: the last run was 2 days ago: every moment above lies before it.
    await db.sync();
    await lastSyncWas(2);

    // Act
    const later = await db.sync();

    // Assess
    expect(later.deprecations).toBeUndefined();
  });

  it('It should announce a date that a run learns for a model already inside the window', async () => {
    // Prepare
    await db.sync();
    harness.litellm.answerDeprecations({
      body: listed({ model_name: 'from-cost-map', deprecation_date: day(20) }, { model_name: 'no-date', deprecation_date: day(5) }),
    });

    // Act
    const learned = await db.sync();

    // Assess
    expect(learned.deprecations).toEqual([
      { modelId: 'no-date', kind: 'approaching', deprecationDate: day(5), daysUntilDeprecation: 5, successorModel: null },
    ]);
  });

  it('It should announce nothing for a dry run, and leave the announcement to the next real run', async () => {
    // Act
    const dry = await db.sync({ dryRun: true });
    const real = await db.sync();

    // Assess
    expect(buildSyncEvents(dry)).toEqual([]);
    expect(real.deprecations?.length).toBe(3);
  });
});

describe('The status lists what users will lose soon', () => {
  it('It should list available models past or within the warning window, soonest first, with their successor', async () => {
    // Prepare
    await db.sync();

    // Act
    const status = await db.service.readStatus(null);

    // Assess
    expect(status.deprecationWarnDays).toBe(30);
    expect(status.deprecations).toEqual([
      { modelId: 'already-gone', deprecationDate: day(-3), daysUntilDeprecation: -3, status: 'deprecated', successorModel: null },
      { modelId: 'retiring-soon', deprecationDate: day(10), daysUntilDeprecation: 10, status: 'deprecating', successorModel: 'its-successor' },
      { modelId: 'from-cost-map', deprecationDate: day(20), daysUntilDeprecation: 20, status: 'deprecating', successorModel: null },
    ]);
  });

  it('It should leave out unavailable models and dates beyond the window, and survive a hand-edited date', async () => {
    // Prepare
    const wide = await harness.freshDatabase({ deprecationWarnDays: 100 });
    db = wide;
    await wide.sync();
    await wide.client.query(`UPDATE models SET availability = 'unavailable' WHERE id = 'already-gone'`);
    await wide.client.query(`UPDATE models SET metadata = metadata || '{"deprecationDate": "soon"}' WHERE id = 'retiring-soon'`);

    // Act
    const status = await wide.service.readStatus(null);

    // Assess
    expect(status.deprecations.map((model) => model.modelId)).toEqual(['from-cost-map', 'retiring-later']);
  });
});
