import { describe, expect, it } from 'vitest';
import { generateCatalog, withChangedModels, withoutModels } from '../../bench/catalog.js';
import { meterDatabase } from '../../bench/metered-database.js';
import type { ScenarioName } from '../../bench/scenarios.js';
import type { EngineFigures, ScenarioRow } from '../../bench/summary.js';
import { judgeTargets } from '../../bench/targets.js';
import type { TargetVerdict } from '../../bench/targets.js';
import type { DatabasePort, SqlSession } from '../../lib/db/port.js';

describe('benchmark catalog', () => {
  it('It should generate fixture-sized entries (about 3 KB) with some load-balanced models', () => {
    // Act
    const entries = generateCatalog(200);
    // Assess
    const names = new Set(entries.map((entry) => entry.model_name));
    expect(names.size).toBe(200);
    expect(entries.length).toBeGreaterThan(200);
    const averageBytes = Buffer.byteLength(JSON.stringify(entries)) / entries.length;
    expect(averageBytes).toBeGreaterThan(2_500);
    expect(averageBytes).toBeLessThan(4_500);
    expect(new Set(entries.map((entry) => String(entry.litellm_params.model).split('/')[0])).size).toBeGreaterThan(4);
  });

  it('It should change 1% and remove 10% of the models', () => {
    const entries = generateCatalog(1_000);
    const changed = withChangedModels(entries, 0.01);
    const differing = new Set(
      changed.filter((entry, index) => entry !== entries[index]).map((entry) => entry.model_name),
    );
    expect(differing.size).toBe(10);
    expect(new Set(withoutModels(changed, 0.1).map((entry) => entry.model_name)).size).toBe(900);
  });
});

describe('metered database', () => {
  it('It should count a statement as one round trip and a transaction as two more', async () => {
    // Prepare
    const session: SqlSession = { execute: () => Promise.resolve([{ id: 'a' }]) };
    const inner: DatabasePort = { ...session, transaction: (work) => work(session) };
    const database = meterDatabase(inner, 5, 'account');
    // Act
    await database.execute({ name: 'one', text: 'SELECT 1' });
    await database.transaction(async (tx) => {
      await tx.execute({ name: 'two', text: 'SELECT :x::int' }, { x: 2 });
    });
    // Assess
    expect(database.meter.roundTrips).toBe(4);
    expect(database.meter.latencyMs).toBe(20);
    expect(database.meter.requestBytes).toBeGreaterThan(Buffer.byteLength('SELECT 1SELECT :x::int'));
  });
});

describe('bench targets', () => {
  const figures = { runs: 3, latencyMode: 'sleep', requestBytes: 0, largestRequestBytes: 0, largestResponseBytes: 0, bookkeepingRowsWritten: 1, wallMs: 0, latencyMs: 20, databaseMs: 0 } as const;
  const catalogs = [{ models: 10_000, bodyBytes: 30 * 1024 * 1024 }];
  function judge(ours: Partial<EngineFigures>, scenario: ScenarioName = 'identical re-sync') {
    const rows: ScenarioRow[] = [{ models: 10_000, scenario, ours: { ...figures, roundTrips: 1, modelRowsWritten: 0, localMs: 0, ...ours } }];
    return judgeTargets(rows, undefined, 20, catalogs);
  }
  const find = (verdicts: TargetVerdict[], start: string) => verdicts.find((verdict) => verdict.target.startsWith(start));

  it('It should hold an identical re-sync to one round trip', () => {
    expect(find(judge({ roundTrips: 1 }), 'Identical re-sync')?.verdict).toBe('met');
    expect(find(judge({ roundTrips: 2 }), 'Identical re-sync')?.verdict).toBe('missed');
  });

  it('It should hold local work to 1.5× the plain fetch and parse measured beside it', () => {
    expect(find(judge({ localMs: 300, plainFetchParseMs: 200 }), 'Local work')?.verdict).toBe('met');
    expect(find(judge({ localMs: 320, plainFetchParseMs: 200 }), 'Local work')).toMatchObject({ verdict: 'missed', note: '0.10× over' });
    expect(find(judge({ localMs: 300 }), 'Local work')?.verdict).toBe('not measured');
  });

  it('It should hold the memory a sync adds to 3× the body size', () => {
    expect(find(judge({ peakAboveStartMiB: 90 }), 'Peak RSS of a 10,000-model sync above')?.verdict).toBe('met');
    const missed = find(judge({ peakAboveStartMiB: 91 }, 'first sync'), 'Peak RSS of a 10,000-model sync above');
    expect(missed?.verdict).toBe('missed');
    expect(missed?.measured).toContain('first sync');
  });
});
