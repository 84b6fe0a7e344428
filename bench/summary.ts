import { median } from './bundles.js';
import type { Engine } from './measure-sync.js';
import type { LatencyMode } from './metered-database.js';
import type { ScenarioName, ScenarioSamples } from './scenarios.js';

/** One engine's numbers for one scenario: counts are the same on every run, times are medians. */
export interface EngineFigures {
  runs: number;
  latencyMode: LatencyMode;
  roundTrips: number;
  requestBytes: number;
  largestRequestBytes: number;
  largestResponseBytes: number;
  modelRowsWritten: number;
  bookkeepingRowsWritten: number;
  wallMs: number;
  /** Medians of the wall time's parts: added latency, waiting for PostgreSQL, and the rest (local work). */
  latencyMs: number;
  databaseMs: number;
  localMs: number;
  /** Median time of a plain fetch + JSON.parse of the same answer, run just before each sync (ours only). */
  plainFetchParseMs?: number;
  /** Highest peak RSS (MiB) of the same scenario run in a process of its own, when measured. */
  peakRssMiB?: number;
  /** RSS of the same process before the sync started (Node, tsx and the loaded modules). */
  idleRssMiB?: number;
  /** Highest peak RSS above the process's own RSS before the sync started (MiB): what the sync added. */
  peakAboveStartMiB?: number;
  /** Set when runs disagreed on a count that should be deterministic. */
  unstable?: string;
}

export interface ScenarioRow {
  models: number;
  scenario: ScenarioName;
  ours?: EngineFigures;
  baseline?: EngineFigures;
}

function summarize(samples: ScenarioSamples, memory: ScenarioSamples | undefined): EngineFigures {
  const { samples: runs } = samples;
  const counts = (pick: (index: number) => number): number[] => runs.map((_, index) => pick(index));
  const roundTrips = counts((index) => runs[index]?.meter.roundTrips ?? 0);
  const modelRows = counts((index) => runs[index]?.rows.models ?? 0);
  const disagreement = [roundTrips, modelRows].some((values) => new Set(values).size > 1)
    ? `runs differ: round trips ${roundTrips.join('/')}, rows ${modelRows.join('/')}`
    : undefined;
  const memoryRuns = memory?.samples ?? [];
  const rss = memoryRuns.map((run) => run.peakRssKiB).filter((value): value is number => value !== undefined);
  const idle = memoryRuns.map((run) => run.idleRssKiB).filter((value): value is number => value !== undefined);
  const above = memoryRuns.flatMap((run) =>
    run.peakRssKiB === undefined || run.idleRssKiB === undefined ? [] : [run.peakRssKiB - run.idleRssKiB],
  );
  const plain = runs.map((run) => run.plainFetchParseMs).filter((value): value is number => value !== undefined);
  return {
    runs: runs.length,
    latencyMode: samples.latencyMode,
    roundTrips: median(roundTrips),
    requestBytes: median(runs.map((run) => run.meter.requestBytes)),
    largestRequestBytes: Math.max(...runs.map((run) => run.meter.largestRequestBytes)),
    largestResponseBytes: Math.max(...runs.map((run) => run.meter.largestResponseBytes)),
    modelRowsWritten: median(modelRows),
    bookkeepingRowsWritten: median(runs.map((run) => run.rows.bookkeeping)),
    wallMs: median(runs.map((run) => run.wallMs)),
    latencyMs: median(runs.map((run) => run.meter.latencyMs)),
    databaseMs: median(runs.map((run) => run.meter.databaseMs)),
    localMs: median(runs.map((run) => run.wallMs - run.meter.latencyMs - run.meter.databaseMs)),
    ...(plain.length > 0 ? { plainFetchParseMs: median(plain) } : {}),
    ...(rss.length > 0 ? { peakRssMiB: Math.max(...rss) / 1024 } : {}),
    ...(idle.length > 0 ? { idleRssMiB: median(idle) / 1024 } : {}),
    ...(above.length > 0 ? { peakAboveStartMiB: Math.max(...above) / 1024 } : {}),
    ...(disagreement === undefined ? {} : { unstable: disagreement }),
  };
}

function sameScenario(a: ScenarioSamples, b: ScenarioSamples): boolean {
  return a.engine === b.engine && a.models === b.models && a.scenario === b.scenario;
}

/**
 * Pairs our figures with the baseline's, scenario by scenario, in the order they ran. `memory`
 * holds the runs made in child processes, which give the peak RSS.
 */
export function toScenarioRows(all: ScenarioSamples[], memory: ScenarioSamples[]): ScenarioRow[] {
  const rows: ScenarioRow[] = [];
  for (const samples of all) {
    if (samples.samples.length === 0) continue;
    let row = rows.find((candidate) => candidate.models === samples.models && candidate.scenario === samples.scenario);
    if (row === undefined) {
      row = { models: samples.models, scenario: samples.scenario };
      rows.push(row);
    }
    const engine: Engine = samples.engine;
    row[engine] = summarize(samples, memory.find((candidate) => sameScenario(candidate, samples)));
  }
  return rows;
}
