import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBenchTarget } from './bench-target.js';
import { describeCatalog } from './catalog.js';
import { measureBundles } from './bundles.js';
import type { BundleReport } from './bundles.js';
import { runInChildProcess } from './child-executor.js';
import { describeMachine } from './machine.js';
import type { Engine } from './measure-sync.js';
import { measureSyncBesidePlainFetch } from './measure-sync.js';
import { parseBenchOptions } from './options.js';
import { measurePublishing, renderPublishingSection, spliceSection } from './publishing.js';
import type { BenchOptions } from './options.js';
import { renderReport } from './report.js';
import type { ChainSettings, ScenarioSamples } from './scenarios.js';
import { runChain } from './scenarios.js';
import { toScenarioRows } from './summary.js';
import { judgeTargets } from './targets.js';

/** `npm run bench`: the sync against the row-at-a-time baseline, then the handler bundles. */

const REPORT_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'benchmarks.md');

/** The baseline at large N takes minutes per run, so it runs fewer times (see --baseline-runs). */
function chainFor(engine: Engine, models: number, options: BenchOptions): ChainSettings {
  const baseline = engine === 'baseline';
  return {
    engine,
    models,
    runs: baseline && models > 100 ? options.baselineRuns : options.runs,
    latencyMs: options.latencyMs,
    latencyMode: baseline && models > options.baselineSleepMaxModels ? 'account' : 'sleep',
  };
}

/**
 * Memory runs: each sync once more, in a process of its own, for its peak RSS. Latency does not
 * change memory, so it is accounted rather than slept here.
 */
function memoryChainFor(engine: Engine, models: number): ChainSettings {
  return { engine, models, runs: 1, latencyMs: 0, latencyMode: 'account' };
}

function log(label: string, settings: ChainSettings, started: number): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`N = ${settings.models}: ${settings.engine} ${label}, ${settings.runs} run(s): ${seconds} s`);
}

interface SyncSamples {
  timing: ScenarioSamples[];
  memory: ScenarioSamples[];
  migrationMs: number;
}

/**
 * Times the syncs in this process (warm, as in a reused Lambda container; median over runs), then
 * runs them again one per child process for peak memory.
 */
async function runSyncs(options: BenchOptions): Promise<SyncSamples> {
  const target = await openBenchTarget();
  const result: SyncSamples = { timing: [], memory: [], migrationMs: target.migrationMs };
  try {
    for (const models of options.sizes) {
      for (const engine of ['ours', 'baseline'] as const) {
        const settings = chainFor(engine, models, options);
        const started = performance.now();
        result.timing.push(...(await runChain(target, measureSyncBesidePlainFetch, settings)));
        log(`timing (latency ${settings.latencyMode === 'sleep' ? 'slept' : 'added'})`, settings, started);
      }
      for (const engine of ['ours', 'baseline'] as const) {
        if (engine === 'baseline' && models > options.baselineMemoryMaxModels) continue;
        const settings = memoryChainFor(engine, models);
        const started = performance.now();
        result.memory.push(...(await runChain(target, runInChildProcess, settings)));
        log('peak memory (child processes)', settings, started);
      }
    }
    return result;
  } finally {
    await target.close();
  }
}

/** Sizes of the change-event figures: the issue asks for 1,000 and 10,000 models. */
const PUBLISHING_SIZES = [1_000, 10_000];

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const publishing = renderPublishingSection(await measurePublishing(PUBLISHING_SIZES, options.eventsLatencyMs), options.eventsLatencyMs);
  if (options.eventsOnly) {
    console.log(publishing);
    if (options.writeReport) {
      writeFileSync(REPORT_PATH, spliceSection(readFileSync(REPORT_PATH, 'utf8'), publishing));
      console.log(`Updated the change-event section of ${REPORT_PATH}`);
    }
    return;
  }
  const started = performance.now();
  const { timing, memory, migrationMs } = await runSyncs(options);
  let bundles: BundleReport | undefined;
  if (options.bundles) {
    bundles = measureBundles();
    console.log(`Handler bundles: ${bundles.source}`);
  }
  const rows = toScenarioRows(timing, memory);
  const catalogs = options.sizes.map(describeCatalog);
  const markdown = renderReport({
    machine: describeMachine(),
    options,
    rows,
    ...(bundles === undefined ? {} : { bundles }),
    targets: judgeTargets(rows, bundles, options.latencyMs, catalogs),
    migrationMs,
    catalogs,
    totalSeconds: (performance.now() - started) / 1000,
  });
  const report = spliceSection(markdown, publishing);
  console.log(`\n${report}`);
  if (options.writeReport) {
    writeFileSync(REPORT_PATH, report);
    console.log(`Wrote ${REPORT_PATH}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
