import { EventBridgeClient, EventBridgeServiceException, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { ScheduledEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { putEventsInBatches } from '../../functions/commons/events/change-events.js';
import { entryBytes } from '../../lib/events/build-events.js';
import { EVENT_SOURCE } from '../../lib/events/event-shapes.js';
import type { SyncEvent } from '../../lib/events/event-shapes.js';
import type { SyncResult } from '../../lib/sync/types.js';
import { readFixture } from '../support/fixtures.js';
import { eventSchemaProblems } from '../support/event-schemas.js';
import { scheduledEvent } from '../support/lambda-events.js';
import { loadHandler, useFunctionHarness } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

const BUS = 'litemaas-model-sync';
const eventBridge = mockClient(EventBridgeClient);
type Handler = (event: ScheduledEvent, context: ReturnType<typeof lambdaContext>) => Promise<SyncResult>;
const harness = useFunctionHarness({ secretString: 'sk-scheduled-key', env: { EVENT_BUS_NAME: BUS }, migrate: true });
let handler: Handler;
beforeAll(async () => {
  // A scheduled event always gets a result (only a background run may end without one).
  handler = await loadHandler<Handler>('scheduled-sync-and-background-runs');
});
beforeEach(() => {
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map((_, index) => ({ EventId: `event-${index}` })),
  }));
});

const invoke = (): Promise<SyncResult> => handler(scheduledEvent(), lambdaContext('model-sync-scheduled', 120_000));

function sentEntries(): PutEventsRequestEntry[] {
  return eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);
}

const modelEvent = (index: number): SyncEvent => ({
  source: EVENT_SOURCE,
  detailType: 'Model Added',
  detail: { modelId: `m-${index}`, runId: 'r', runPath: '/sync/runs/r', trigger: 'cli', syncedAt: '2026-11-26T10:00:00.000Z' },
});
const noWait = { attempts: 3, backoffMs: 1, totalMs: 10_000, sleep: () => Promise.resolve() };

describe('putEventsInBatches', () => {
  it('It should send at most 10 entries per PutEvents call, to the named bus', async () => {
    // Act
    const outcome = await putEventsInBatches({ client: new EventBridgeClient({ region: 'eu-west-1' }), busName: BUS }, Array.from({ length: 25 }, (_, i) => modelEvent(i)), noWait);

    // Assess
    expect(outcome).toEqual({ published: 25, failed: 0 });
    expect(eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries?.length)).toEqual([10, 10, 5]);
    expect(sentEntries().every((entry) => entry.EventBusName === BUS && entry.Source === EVENT_SOURCE)).toBe(true);
  });

  it('It should cut batches by size too, so no PutEvents request passes 256 KB in all', async () => {
    // Prepare: three entries of about 100 KB each; ten of them would be a 1 MB request.
    const large = (index: number): SyncEvent => ({ ...modelEvent(index), detail: { ...modelEvent(index).detail, modelId: `${index}-${'x'.repeat(100_000)}` } });

    // Act
    const outcome = await putEventsInBatches({ client: new EventBridgeClient({ region: 'eu-west-1' }), busName: BUS }, [0, 1, 2].map(large), noWait);

    // Assess
    expect(outcome).toEqual({ published: 3, failed: 0 });
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([2, 1]);
    for (const call of calls) {
      const bytes = (call.args[0].input.Entries ?? []).map((entry) => entryBytes({ source: EVENT_SOURCE, detailType: entry.DetailType! as SyncEvent['detailType'], detail: JSON.parse(entry.Detail!) as SyncEvent['detail'] }));
      expect(bytes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(256 * 1024);
    }
  });

  it('It should not retry a request EventBridge refuses with a ValidationException, and count its entries as failed', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).rejects(
      new EventBridgeServiceException({ name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Total size of the entries in the request is over the limit.' }),
    );

    // Act
    const outcome = await putEventsInBatches({ client: new EventBridgeClient({ region: 'eu-west-1' }), busName: BUS }, [0, 1].map(modelEvent), noWait);

    // Assess
    expect(outcome).toMatchObject({ published: 0, failed: 2, error: expect.stringMatching(/^ValidationException/) as string });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it('It should send again only the entries EventBridge reported as failed', async () => {
    // Prepare
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }, { EventId: 'c' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }] });

    // Act
    const outcome = await putEventsInBatches({ client: new EventBridgeClient({ region: 'eu-west-1' }), busName: BUS }, [0, 1, 2].map(modelEvent), noWait);

    // Assess
    expect(outcome).toEqual({ published: 3, failed: 0 });
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(2);
    expect(JSON.parse(calls[1]!.args[0].input.Entries![0]!.Detail!)).toMatchObject({ modelId: 'm-1' });
  });

  it('It should give up after its attempts or its time budget and say why, without throwing', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).rejects(new Error('AccessDeniedException: not authorized'));
    let clock = 0;

    // Act
    const failed = await putEventsInBatches({ client: new EventBridgeClient({ region: 'eu-west-1' }), busName: BUS }, [0, 1].map(modelEvent), noWait);
    const late = await putEventsInBatches({ client: new EventBridgeClient({ region: 'eu-west-1' }), busName: BUS }, [0].map(modelEvent), {
      ...noWait,
      totalMs: 100,
      now: () => (clock += 1_000),
    });

    // Assess
    expect(failed).toMatchObject({ published: 0, failed: 2, error: expect.stringMatching(/AccessDenied/) as string });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
    expect(late).toMatchObject({ published: 0, failed: 1, error: expect.stringMatching(/budget/) as string });
  });
});

describe('publishing after a scheduled run', () => {
  it('It should publish the run event and one event per added model, each matching its documented schema', async () => {
    // Prepare: four models to add
    await harness.emptyTables();

    // Act
    const result = await invoke();

    // Assess
    const entries = sentEntries();
    expect(entries.map((entry) => entry.DetailType)).toEqual(['Model Sync Run Completed', 'Model Added', 'Model Added', 'Model Added', 'Model Added']);
    for (const entry of entries) {
      expect(eventSchemaProblems({ source: EVENT_SOURCE, detailType: entry.DetailType as never, detail: JSON.parse(entry.Detail!) as never })).toEqual([]);
      expect(Buffer.byteLength(entry.Detail!)).toBeLessThan(256 * 1024);
    }
    expect(JSON.parse(entries[0]!.Detail!)).toMatchObject({ runId: result.runId, trigger: 'schedule', requestedBy: null });
    expect(JSON.stringify(entries)).not.toMatch(/litellm_params|sk-scheduled-key|api_base/);
    expect(harness.output.records().some((record) => record.EventsPublished === 5)).toBe(true);
  });

  it('It should publish nothing when the run changed nothing', async () => {
    // Prepare: the same catalog synced once already, whatever ran before
    await invoke();
    eventBridge.resetHistory();

    // Act
    await invoke();

    // Assess
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('It should keep the sync outcome when publishing fails, and log, count and record the failure with the run', async () => {
    // Prepare: the four models available, whatever ran before; then one of them leaves LiteLLM
    await invoke();
    eventBridge.on(PutEventsCommand).rejects(new Error('AccessDeniedException: not authorized to PutEvents'));
    const smaller = readFixture('model-info-basic.json') as { data: { model_name: string }[] };
    harness.litellm.answer({ body: { data: smaller.data.filter((entry) => entry.model_name !== 'qwen2.5-coder-32b') } });

    // Act
    const result = await invoke();

    // Assess
    expect(result).toMatchObject({ success: true, unavailableModels: 1 });
    expect(harness.output.records().find((record) => record.message === 'Change events not published')).toMatchObject({
      runId: result.runId,
      failed: 2,
    });
    expect(harness.output.records().some((record) => record.EventsFailed === 2)).toBe(true);
    const run = (await harness.recordedRuns()).at(-1);
    expect(run).toMatchObject({ id: result.runId, status: 'succeeded' });
    expect(String(run?.events_error)).toMatch(/2 of 2 change events were not published to litemaas-model-sync: Error: AccessDenied/);
  });
});
