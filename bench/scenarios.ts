import type pg from 'pg';
import type { ModelInfoEntry } from './catalog.js';
import { generateCatalog, modelInfoBody, withChangedModels, withoutModels } from './catalog.js';
import type { Engine, SyncJob, SyncMeasurement } from './measure-sync.js';
import type { LatencyMode } from './metered-database.js';
import type { RowsWritten } from './table-state.js';
import { emptyTables, readRowVersions, rowsWritten } from './table-state.js';

export type ScenarioName = 'first sync' | 'identical re-sync' | '1% changed' | '10% removed';

/** One measured sync, from the point of view of the tables. */
export interface Sample extends SyncMeasurement {
  rows: RowsWritten;
  /** Peak RSS of the process that ran the sync (KiB), when it ran in its own process. */
  peakRssKiB?: number;
  idleRssKiB?: number;
}

export interface ScenarioSamples {
  engine: Engine;
  models: number;
  scenario: ScenarioName;
  latencyMode: LatencyMode;
  samples: Sample[];
}

/** Runs one sync somewhere (in this process, or in a child process for its own peak RSS). */
export type Executor = (job: SyncJob) => Promise<SyncMeasurement & { peakRssKiB?: number; idleRssKiB?: number }>;

/** Where the syncs run: the LiteLLM stand-in and one database per engine. */
export interface BenchTarget {
  litellmUrl: string;
  /** Sets the body the LiteLLM stand-in serves from now on. */
  serve(body: string): void;
  databases: Record<Engine, { url: string; client: pg.Client }>;
}

interface Step {
  scenario: ScenarioName;
  body: string;
  force: boolean;
}

/**
 * The chain of syncs for one catalog size. Each step starts from the state the previous one left:
 * empty → full catalog → the same again → 1% of models changed → that minus 10% of models.
 */
function stepsFor(models: number): Step[] {
  const full: ModelInfoEntry[] = generateCatalog(models);
  const changed = withChangedModels(full, 0.01);
  const removed = withoutModels(changed, 0.1);
  return [
    { scenario: 'first sync', body: modelInfoBody(full), force: false },
    { scenario: 'identical re-sync', body: modelInfoBody(full), force: false },
    { scenario: '1% changed', body: modelInfoBody(changed), force: false },
    { scenario: '10% removed', body: modelInfoBody(removed), force: true },
  ];
}

export interface ChainSettings {
  engine: Engine;
  models: number;
  runs: number;
  latencyMs: number;
  latencyMode: LatencyMode;
}

/** Runs the whole chain `runs` times for one engine and size; returns the samples per scenario. */
export async function runChain(
  target: BenchTarget,
  execute: Executor,
  settings: ChainSettings,
): Promise<ScenarioSamples[]> {
  const steps = stepsFor(settings.models);
  const results: ScenarioSamples[] = steps.map((step) => ({
    engine: settings.engine,
    models: settings.models,
    scenario: step.scenario,
    latencyMode: settings.latencyMode,
    samples: [],
  }));
  const { url, client } = target.databases[settings.engine];
  for (let run = 0; run < settings.runs; run += 1) {
    await emptyTables(client);
    for (const [index, step] of steps.entries()) {
      target.serve(step.body);
      const before = await readRowVersions(client);
      const measurement = await execute({
        engine: settings.engine,
        databaseUrl: url,
        litellmUrl: target.litellmUrl,
        latencyMs: settings.latencyMs,
        latencyMode: settings.latencyMode,
        force: step.force,
      });
      const after = await readRowVersions(client);
      results[index]?.samples.push({ ...measurement, rows: rowsWritten(before, after) });
    }
  }
  return results;
}
