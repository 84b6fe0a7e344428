import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenBenchTarget } from '../../bench/bench-target.js';
import { openBenchTarget } from '../../bench/bench-target.js';
import { measureSync } from '../../bench/measure-sync.js';
import type { Engine } from '../../bench/measure-sync.js';
import type { Sample, ScenarioName, ScenarioSamples } from '../../bench/scenarios.js';
import { runChain } from '../../bench/scenarios.js';

/**
 * The benchmark's quick variant (N = 100, no latency, one run, in this process): keeps the bench
 * code from rotting and holds the sync to the bench targets that do not depend on the machine.
 * It writes no report.
 */
const MODELS = 100;
const DATA_API_REQUEST_LIMIT = 4 * 1024 * 1024;

let target: OpenBenchTarget;
const results = new Map<Engine, ScenarioSamples[]>();

function sample(engine: Engine, scenario: ScenarioName): Sample {
  const found = results.get(engine)?.find((entry) => entry.scenario === scenario)?.samples[0];
  if (found === undefined) throw new Error(`No ${engine} sample for ${scenario}`);
  return found;
}

beforeAll(async () => {
  target = await openBenchTarget();
  for (const engine of ['ours', 'baseline'] as const) {
    const settings = { engine, models: MODELS, runs: 1, latencyMs: 0, latencyMode: 'sleep' as const };
    results.set(engine, await runChain(target, measureSync, settings));
  }
}, 120_000);

afterAll(async () => {
  await target?.close();
});

describe('quick benchmark (N = 100)', () => {
  it('It should re-sync an identical catalog in one round trip without writing a model row', () => {
    const resync = sample('ours', 'identical re-sync');
    expect(resync.meter.roundTrips).toBe(1);
    expect(resync.rows.models).toBe(0);
  });

  it('It should do a first sync in a handful of round trips, writing every model once', () => {
    const first = sample('ours', 'first sync');
    expect(first.meter.roundTrips).toBeLessThanOrEqual(6);
    expect(first.rows.models).toBe(MODELS);
  });

  it('It should write only the changed and the retired models', () => {
    expect(sample('ours', '1% changed').rows.models).toBe(1);
    expect(sample('ours', '10% removed').rows.models).toBe(10);
  });

  it('It should keep every request under the Data API limit', () => {
    for (const entry of results.get('ours') ?? []) {
      expect(entry.samples[0]?.meter.largestRequestBytes).toBeLessThan(DATA_API_REQUEST_LIMIT);
    }
  });

  it('It should write the same rows as the row-at-a-time baseline, in at least 10× fewer round trips', () => {
    for (const scenario of ['first sync', 'identical re-sync', '1% changed', '10% removed'] as const) {
      const ours = sample('ours', scenario);
      const baseline = sample('baseline', scenario);
      expect(ours.rows.models, scenario).toBe(baseline.rows.models);
      expect(ours.meter.roundTrips * 10, scenario).toBeLessThanOrEqual(baseline.meter.roundTrips);
    }
  });
});
