import { describe, expect, it } from 'vitest';
import { buildSyncEvents, DEFAULT_MAX_MODEL_EVENTS, entryBytes, MAX_ENTRY_BYTES } from '../../lib/events/build-events.js';
import { DETAIL_TYPES, EVENT_SOURCE } from '../../lib/events/event-shapes.js';
import type { RunEventDetail } from '../../lib/events/event-shapes.js';
import { emptyChanges } from '../../lib/sync/types.js';
import type { SyncResult } from '../../lib/sync/types.js';
import { documentedDetailTypes, eventSchemaProblems } from '../support/event-schemas.js';

const RUN_ID = '0b6f8a52-3c1d-4e7f-9a2b-5c8d1e0f3a47';

function result(overrides: Partial<SyncResult> = {}): SyncResult {
  return {
    success: true,
    totalModels: 4,
    newModels: 0,
    updatedModels: 0,
    unavailableModels: 0,
    errors: [],
    syncedAt: '2026-11-26T10:00:00.000Z',
    runId: RUN_ID,
    trigger: 'schedule',
    dryRun: false,
    skipped: false,
    restoredModels: 0,
    unchangedModels: 4,
    pausedModels: 0,
    ignoredModels: 0,
    ignored: [],
    durationMs: 120,
    changes: emptyChanges(),
    ...overrides,
  };
}

const ids = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

describe('which runs publish', () => {
  it('It should publish nothing for a dry run, a skipped run, an unrecorded run or a run that changed nothing', () => {
    // Prepare
    const changed = { ...emptyChanges(), added: ['gpt-4o'] };

    // Act / Assess
    expect(buildSyncEvents(result({ dryRun: true, runId: undefined, changes: changed, newModels: 1 }))).toEqual([]);
    expect(buildSyncEvents(result({ skipped: true, success: false, failureReason: 'busy' }))).toEqual([]);
    expect(buildSyncEvents(result({ runId: undefined, success: false, failureReason: 'database-resuming' }))).toEqual([]);
    expect(buildSyncEvents(result())).toEqual([]);
  });

  it('It should publish Model Sync Run Failed with the reason for a failed run that changed nothing', () => {
    // Act
    const events = buildSyncEvents(result({ success: false, failureReason: 'guard', errors: ['Refused: would retire 3 of 4.'] }));

    // Assess
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: EVENT_SOURCE,
      detailType: DETAIL_TYPES.runFailed,
      detail: { status: 'failed', reason: 'guard', errors: ['Refused: would retire 3 of 4.'], runPath: `/sync/runs/${RUN_ID}` },
    });
    expect(eventSchemaProblems(events[0]!)).toEqual([]);
  });
});

describe('what a run event hides, like the read API', () => {
  it("It should send LiteLLM's error text without internal URLs, hosts or keys", () => {
    // Act
    const [event] = buildSyncEvents(
      result({ success: false, failureReason: 'litellm', errors: ['LiteLLM answered HTTP 502: upstream http://10.0.3.7:8000/v1 (litellm-db.internal) refused key sk-proj-abc123.'] }),
    );

    // Assess
    expect(event?.detail).toMatchObject({ reason: 'litellm', errors: ['LiteLLM answered HTTP 502: upstream [url] ([host]) refused key [redacted].'] });
    expect(eventSchemaProblems(event!)).toEqual([]);
  });

  it('It should send the database error text and the account id of the caller to the logs, not to the bus', () => {
    // Act
    const [event] = buildSyncEvents(
      result({ success: false, failureReason: 'database', errors: ['The database rejected a sync statement: permission denied for table models'] }),
      { requestedBy: 'arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice' },
    );

    // Assess
    expect(event?.detail).toMatchObject({
      reason: 'database',
      requestedBy: 'PlatformAdmin/alice',
      errors: [`The sync failed with a database error; the details are in the function logs (search for run id ${RUN_ID}).`],
    });
    expect(JSON.stringify(event)).not.toMatch(/123456789012|permission denied/);
    expect(eventSchemaProblems(event!)).toEqual([]);
  });
});

describe('the events of a run that changed models', () => {
  it('It should publish the run event first, then one event per model, each under one kind, all matching the documented schemas', () => {
    // Prepare
    const changes = { added: ['a'], updated: ['u', 'r', 'p'], retired: ['x'], restored: ['r'], paused: ['p'], missing: [] };

    // Act
    const events = buildSyncEvents(
      result({ changes, newModels: 1, updatedModels: 3, unavailableModels: 1, restoredModels: 1, updatedColumns: { u: ['tpm', 'rpm'], r: ['availability'], p: [] } }),
      { requestedBy: 'arn:aws:sts::123456789012:assumed-role/Admin/alice' },
    );

    // Assess
    expect(events.map((event) => [event.detailType, 'modelId' in event.detail ? event.detail.modelId : null])).toEqual([
      [DETAIL_TYPES.runCompleted, null],
      [DETAIL_TYPES.retired, 'x'],
      [DETAIL_TYPES.paused, 'p'],
      [DETAIL_TYPES.added, 'a'],
      [DETAIL_TYPES.restored, 'r'],
      [DETAIL_TYPES.updated, 'u'],
    ]);
    expect(events.at(-1)?.detail).toMatchObject({ changedColumns: ['tpm', 'rpm'] });
    expect(events[0]?.detail).toMatchObject({
      requestedBy: 'Admin/alice',
      counts: { total: 4, added: 1, updated: 3, retired: 1, restored: 1, paused: 1, unchanged: 4 },
      models: { added: ['a'], updated: ['u'], retired: ['x'], restored: ['r'], paused: ['p'] },
      modelEvents: { published: 5, omitted: 0 },
    });
    for (const event of events) expect(eventSchemaProblems(event)).toEqual([]);
  });

  it('It should cap the per-model events and say how many were left out, while the run event still names every model', () => {
    // Prepare
    const added = ids('model', 10_000);

    // Act
    const events = buildSyncEvents(result({ changes: { ...emptyChanges(), added }, newModels: 10_000, totalModels: 10_000 }));

    // Assess
    expect(events).toHaveLength(1 + DEFAULT_MAX_MODEL_EVENTS);
    const run = events[0]!.detail as RunEventDetail;
    expect(run.modelEvents).toEqual({ published: DEFAULT_MAX_MODEL_EVENTS, omitted: 10_000 - DEFAULT_MAX_MODEL_EVENTS });
    expect(run.models.added).toHaveLength(10_000);
    expect(run.modelsTruncated).toBe(false);
  });

  it('It should shorten the lists of a run event that would pass 256 KB and point at the run', () => {
    // Prepare: 20,000 long ids are ~5 MB of JSON.
    const added = ids('x'.repeat(240), 20_000);

    // Act
    const [run] = buildSyncEvents(result({ changes: { ...emptyChanges(), added }, newModels: 20_000 }), { maxModelEvents: 0 });

    // Assess
    expect(entryBytes(run!)).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
    expect(run!.detail).toMatchObject({ modelsTruncated: true, counts: { added: 20_000 }, runPath: `/sync/runs/${RUN_ID}` });
    expect((run!.detail as RunEventDetail).models.added.length).toBeGreaterThan(500);
    expect(eventSchemaProblems(run!)).toEqual([]);
  });

  it('It should carry ids, counts and messages only: no row content and no litellm_params', () => {
    // Act
    const events = buildSyncEvents(result({ changes: { ...emptyChanges(), added: ['gpt-4o'] }, newModels: 1 }));

    // Assess
    const text = JSON.stringify(events);
    expect(text).not.toMatch(/litellm_params|api_key|apiKey|api_base/i);
  });
});

describe('the documented schemas', () => {
  it('It should document exactly the seven detail-types the sync publishes', () => {
    expect(documentedDetailTypes()).toEqual(Object.values(DETAIL_TYPES).sort());
  });

  it('It should reject an event that does not match its schema', () => {
    expect(eventSchemaProblems({ source: EVENT_SOURCE, detailType: DETAIL_TYPES.added, detail: { modelId: 'a' } as never })).not.toEqual([]);
  });
});
