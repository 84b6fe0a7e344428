import { DEFAULT_LITELLM_MAX_RESPONSE_BYTES } from '../lib/litellm/client.js';
import type { BundleReport } from './bundles.js';
import type { MachineInfo } from './machine.js';
import type { BenchOptions } from './options.js';
import type { EngineFigures, ScenarioRow } from './summary.js';
import type { TargetVerdict } from './targets.js';

export interface BenchReport {
  machine: MachineInfo;
  options: BenchOptions;
  rows: ScenarioRow[];
  bundles?: BundleReport;
  targets: TargetVerdict[];
  migrationMs: number;
  totalSeconds: number;
  catalogs: { models: number; entries: number; bodyBytes: number }[];
  /** The largest size again, each sync in a process whose V8 old generation is capped. */
}

const COMPUTED = '†';

function count(value: number | undefined): string {
  return value === undefined ? '—' : Math.round(value).toLocaleString('en-US');
}

function megabytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  return bytes >= 100_000 ? (bytes / 1e6).toFixed(2) : `${(bytes / 1e3).toFixed(1)} kB`;
}

function ratio(baseline: number | undefined, ours: number | undefined): string {
  if (baseline === undefined || ours === undefined || ours <= 0) return '—';
  const value = baseline / ours;
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)}×`;
}

function wall(figures: EngineFigures | undefined): string {
  if (figures === undefined) return '—';
  const mark = figures.latencyMode === 'account' ? COMPUTED : '';
  const runs = figures.runs > 1 ? '' : ' (1 run)';
  return `${count(figures.wallMs)}${mark}${runs}`;
}

function parts(figures: EngineFigures | undefined): string {
  if (figures === undefined) return '—';
  return [figures.latencyMs, figures.databaseMs, figures.localMs].map(count).join(' / ');
}

function rowsWritten(figures: EngineFigures | undefined): string {
  if (figures === undefined) return '—';
  const bookkeeping = figures.bookkeepingRowsWritten > 0 ? ` (+${count(figures.bookkeepingRowsWritten)})` : '';
  return `${count(figures.modelRowsWritten)}${bookkeeping}`;
}

function rss(figures: EngineFigures | undefined): string {
  return figures?.peakRssMiB === undefined ? '—' : figures.peakRssMiB.toFixed(0);
}

function scenarioTable(rows: ScenarioRow[]): string[] {
  const lines = [
    '| N | scenario | round trips: ours | baseline | × | request MB: ours | baseline | model rows written: ours (+bookkeeping) | baseline | wall ms: ours | ours: latency / DB / local | baseline | × | peak RSS MiB: ours | baseline |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { models, scenario, ours, baseline } of rows) {
    lines.push(
      `| ${count(models)} | ${scenario} | ${count(ours?.roundTrips)} | ${count(baseline?.roundTrips)} | ` +
        `${ratio(baseline?.roundTrips, ours?.roundTrips)} | ${megabytes(ours?.requestBytes)} | ` +
        `${megabytes(baseline?.requestBytes)} | ${rowsWritten(ours)} | ${rowsWritten(baseline)} | ` +
        `${wall(ours)} | ${parts(ours)} | ${wall(baseline)} | ${ratio(baseline?.wallMs, ours?.wallMs)} | ${rss(ours)} | ${rss(baseline)} |`,
    );
  }
  const unstable = rows.flatMap((row) =>
    [row.ours, row.baseline]
      .filter((figures): figures is EngineFigures => figures?.unstable !== undefined)
      .map((figures) => `- N = ${count(row.models)}, ${row.scenario}: ${figures.unstable}`),
  );
  return unstable.length === 0 ? lines : [...lines, '', '**Counts that varied between runs:**', ...unstable];
}

/**
 * Our sync against the physical limit: its local work next to a plain fetch + JSON.parse of the
 * same answer (measured just before each sync), and the memory it adds next to the answer's size.
 */
function limitTable(rows: ScenarioRow[], catalogs: BenchReport['catalogs']): string[] {
  const lines = [
    '| N | scenario | local work ms | plain fetch + JSON.parse ms | × | peak RSS above start MiB | body MiB | × body |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { models, scenario, ours } of rows) {
    if (ours === undefined) continue;
    const bodyMiB = (catalogs.find((catalog) => catalog.models === models)?.bodyBytes ?? Number.NaN) / 1024 / 1024;
    const times = (value: number | undefined, base: number | undefined): string =>
      value === undefined || base === undefined || !(base > 0) ? '—' : `${(value / base).toFixed(2)}×`;
    lines.push(
      `| ${count(models)} | ${scenario} | ${count(ours.localMs)} | ${count(ours.plainFetchParseMs)} | ` +
        `${times(ours.localMs, ours.plainFetchParseMs)} | ${ours.peakAboveStartMiB?.toFixed(0) ?? '—'} | ` +
        `${bodyMiB.toFixed(1)} | ${times(ours.peakAboveStartMiB, bodyMiB)} |`,
    );
  }
  return lines;
}

function bundleTable(report: BundleReport | undefined): string[] {
  if (report === undefined) return ['Not measured in this run (`--no-bundles`).'];
  const lines = [
    `Bundles: ${report.source}. Bare \`node -e ""\`: ${report.bareNodeMs === undefined ? '—' : `${report.bareNodeMs.toFixed(0)} ms`} (median).`,
    '',
    '| handler | loaded at cold start | whole package | cold import above bare Node (median) |',
    '|---|---:|---:|---:|',
  ];
  for (const bundle of report.bundles) {
    const size = (bytes: number | undefined): string => (bytes === undefined ? '—' : `${(bytes / 1e6).toFixed(2)} MB`);
    const cold = bundle.coldImportMs === undefined ? (bundle.problem ?? '—') : `${bundle.coldImportMs.toFixed(0)} ms`;
    lines.push(`| ${bundle.name} | ${size(bundle.bytes)} | ${size(bundle.folderBytes)} | ${cold} |`);
  }
  return lines;
}

function targetTable(targets: TargetVerdict[]): string[] {
  const lines = ['| target | measured | verdict | if missed: by how much |', '|---|---|---|---|'];
  for (const target of targets) {
    lines.push(`| ${target.target} | ${target.measured} | **${target.verdict}** | ${target.note ?? ''} |`);
  }
  return lines;
}

/** The whole report as Markdown: what `docs/benchmarks.md` holds and what the bench prints. */
export function renderReport(report: BenchReport): string {
  const { machine, options } = report;
  const sleptUpTo = options.baselineSleepMaxModels;
  return [
    '# Benchmarks',
    '',
    `Produced by \`npm run bench\` on ${machine.date} — do not edit by hand; run it again.`,
    '',
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB memory; Node ${machine.node}; ` +
      'embedded PostgreSQL 16 on the same machine (other work may have been running: compare medians and ratios).',
    `- Simulated Data API latency: ${options.latencyMs} ms per round trip. Sizes: ${options.sizes.map(count).join(', ')} models; ` +
      `our sync ${options.runs} runs per size, the baseline ${options.runs} at N ≤ 100 and ${options.baselineRuns} above.`,
    `- Whole run: ${report.totalSeconds.toFixed(0)} s. Schema migration (not in any scenario): ${report.migrationMs.toFixed(0)} ms.`,
    '',
    '## How it is measured',
    '',
    '- **Catalogs**: entries cloned from the shared LiteLLM fixtures (their fields and sizes), providers rotated, 1 model in 20 ' +
      'load-balanced over two deployments, served over HTTP by the LiteLLM stand-in. Scenarios run as a chain ' +
      'from an empty table: full catalog → same again → 1% of models changed → that minus 10% of models (with `force`).',
    `- Catalog sizes: ${report.catalogs
      .map(
        (catalog) =>
          `${count(catalog.models)} models = ${count(catalog.entries)} entries, ${megabytes(catalog.bodyBytes)} MB ` +
          `(${(catalog.bodyBytes / catalog.entries / 1000).toFixed(1)} kB per entry)`,
      )
      .join('; ')}.`,
    responseCapLine(report.catalogs),
    '- **Round trips and request bytes**: the database port is wrapped; every statement is one round trip and ' +
      'a transaction adds two (BeginTransaction, Commit/RollbackTransaction), as over the Data API. Bytes are the ' +
      'JSON body each call would send (ARNs, SQL text, parameters as Data API fields).',
    '- **Rows written**: counted in PostgreSQL, not trusted from the code: rows of `models` whose `xmin` changed ' +
      '(any insert or update, even one writing equal values). "+bookkeeping" is the sync\'s own tables ' +
      '(`model_sync_fingerprints`, `model_sync_runs`) and the change journal (`model_sync_changes`, one entry per ' +
      'model a run changes, written by the same statements, so it adds rows and bytes but no round trip).',
    '- **Wall time**: median over runs of the sync alone (LiteLLM fetch and a new connection pool included), ' +
      'run inside the bench process — warm, like a reused Lambda container — with the latency really slept. ' +
      `${COMPUTED} = latency not slept but added as latency × round trips to the measured time (the baseline above ` +
      `${count(sleptUpTo)} models, where sleeping would take minutes); "(1 run)" = no median.`,
    '- **Wall time parts** (ours): the latency added, the time spent waiting for PostgreSQL (statements, ' +
      'BEGIN/COMMIT, taking a connection), and the rest — fetching and parsing the LiteLLM answer, mapping, ' +
      'fingerprinting, serializing — which is local work that no round-trip saving removes.',
    '- **Peak RSS**: each scenario run once more, each sync in a fresh Node process running a bundled ' +
      'build of the same code (esbuild, like the Lambda bundles; no TypeScript loader), with the Node and ' +
      'allocator options of a deployed sync function (`handlerRuntimeEnvironment`), that reports its peak ' +
      'RSS (VmHWM). One run per scenario; GC timing moves the peak by ±5 MiB between runs. ' +
      'The baseline\'s is measured up to ' +
      `${count(options.baselineMemoryMaxModels)} models.`,
    '- **Baseline**: the LiteMaaS pattern re-created in `bench/row-at-a-time.ts` — per model a read, then an insert ' +
      'or (only if it differs) an update; per retired model its own transaction — with the same mapping, so both ' +
      'engines write the same rows. It is kinder to itself than LiteMaaS (one statement per retirement, not six; ' +
      'no rewrite of unchanged rows).',
    '',
    '## Sync: ours vs row-at-a-time baseline',
    '',
    ...scenarioTable(report.rows),
    '',
    '## Our sync against the physical limit',
    '',
    'Local work (the wall time less the added latency and the time waiting for PostgreSQL: fetching, parsing, ' +
      'mapping, fingerprinting, building the result) next to a plain `fetch` + `JSON.parse` of the same answer, ' +
      'timed in the same process just before each sync, so that load from other work on the machine moves both ' +
      'alike: compare the ratio, a median over runs. Peak RSS above start is VmHWM less the RSS the same fresh ' +
      'process had before the sync began (Node and the loaded bundle), the most of its runs.',
    '',
    ...limitTable(report.rows, report.catalogs),
    '',
    '## Handler bundles',
    '',
    ...bundleTable(report.bundles),
    '',
    '## Targets',
    '',
    ...targetTable(report.targets),
    '',
  ].join('\n');
}

/**
 * Sets the default response cap against what was measured: the sync's peak memory grows with the
 * body, so the cap's multiple of the largest measured body bounds the memory it can need.
 */
function responseCapLine(catalogs: readonly { models: number; bodyBytes: number }[]): string {
  const largest = catalogs.reduce<{ models: number; bodyBytes: number } | undefined>(
    (best, catalog) => (best === undefined || catalog.bodyBytes > best.bodyBytes ? catalog : best),
    undefined,
  );
  const cap = `${megabytes(DEFAULT_LITELLM_MAX_RESPONSE_BYTES)} MB`;
  if (largest === undefined) return `- **Response-size cap**: \`LITELLM_MAX_RESPONSE_BYTES\` defaults to ${cap}.`;
  const ratio = (DEFAULT_LITELLM_MAX_RESPONSE_BYTES / largest.bodyBytes).toFixed(2);
  return (
    `- **Response-size cap**: \`LITELLM_MAX_RESPONSE_BYTES\` defaults to ${cap}, ${ratio}× the ${count(largest.models)}-model ` +
    'catalog above: a larger answer fails the run before it is read whole. Scale that catalog\'s peak RSS below by this ' +
    'factor for the memory a catalog at the cap would need (the functions have 512 MB).'
  );
}
