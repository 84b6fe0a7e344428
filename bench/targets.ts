import type { BundleReport } from './bundles.js';
import type { ScenarioRow } from './summary.js';

/** What the report knows of each generated catalog. */
interface CatalogFacts {
  models: number;
  bodyBytes: number;
}

/** One target the sync is held to, with what was measured against it. */
export interface TargetVerdict {
  target: string;
  measured: string;
  /** `met`, `missed`, or `not measured` (with the reason in `note`). */
  verdict: 'met' | 'missed' | 'not measured';
  /** For a miss: by how much; when not measured: why. */
  note?: string;
}

const MIB = 1024 * 1024;
const DATA_API_REQUEST_LIMIT = 4 * MIB;

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(2)} MiB`;
}

function verdict(target: string, measured: string, met: boolean, shortfall: string): TargetVerdict {
  return met ? { target, measured, verdict: 'met' } : { target, measured, verdict: 'missed', note: shortfall };
}

function notMeasured(target: string, why: string): TargetVerdict {
  return { target, measured: '—', verdict: 'not measured', note: why };
}

function identicalResync(rows: ScenarioRow[]): TargetVerdict {
  const target = 'Identical re-sync at any N ≤ 10,000: 1 round trip and 0 rows written';
  const measured = rows.filter((row) => row.scenario === 'identical re-sync' && row.ours !== undefined);
  if (measured.length === 0) return notMeasured(target, 'no identical re-sync was run');
  const worstTrips = Math.max(...measured.map((row) => row.ours?.roundTrips ?? 0));
  const worstRows = Math.max(...measured.map((row) => row.ours?.modelRowsWritten ?? 0));
  const sizes = measured.map((row) => row.models.toLocaleString('en-US')).join(', ');
  return verdict(
    target,
    `at most ${worstTrips} round trip${worstTrips === 1 ? '' : 's'} and ${worstRows} model rows written (N = ${sizes})`,
    worstTrips <= 1 && worstRows === 0,
    `${Math.max(0, worstTrips - 1)} round trips and ${worstRows} rows over`,
  );
}

/** The largest local work allowed, as a multiple of a plain fetch + JSON.parse of the same answer. */
const LOCAL_WORK_LIMIT = 1.5;

function localWork(rows: ScenarioRow[]): TargetVerdict {
  const target = `Local work of a 10,000-model identical re-sync ≤ ${LOCAL_WORK_LIMIT}× a plain fetch + JSON.parse of the same body`;
  const row = rows.find((candidate) => candidate.models === 10_000 && candidate.scenario === 'identical re-sync');
  const plain = row?.ours?.plainFetchParseMs;
  const local = row?.ours?.localMs;
  if (plain === undefined || local === undefined) return notMeasured(target, 'N = 10,000 was not in --sizes');
  const times = local / plain;
  return verdict(
    target,
    `${local.toFixed(0)} ms against ${plain.toFixed(0)} ms measured beside it (medians): ${times.toFixed(2)}×`,
    times <= LOCAL_WORK_LIMIT,
    `${(times - LOCAL_WORK_LIMIT).toFixed(2)}× over`,
  );
}

/** The most memory a sync may add to its process, as a multiple of the LiteLLM answer's size. */
const MEMORY_LIMIT = 3;

function memoryAboveStart(rows: ScenarioRow[], catalogs: readonly CatalogFacts[]): TargetVerdict {
  const target = `Peak RSS of a 10,000-model sync above the process's own start ≤ ${MEMORY_LIMIT}× the body size`;
  const measured = rows.filter((row) => row.models === 10_000 && row.ours?.peakAboveStartMiB !== undefined);
  const body = catalogs.find((catalog) => catalog.models === 10_000)?.bodyBytes;
  if (measured.length === 0 || body === undefined) return notMeasured(target, 'N = 10,000 was not in --sizes');
  const worst = measured.reduce((high, row) =>
    (row.ours?.peakAboveStartMiB ?? 0) > (high.ours?.peakAboveStartMiB ?? 0) ? row : high,
  );
  const above = (worst.ours?.peakAboveStartMiB ?? 0) * MIB;
  return verdict(
    target,
    `${mib(above)} (${worst.scenario}, the most of any scenario) for a ${mib(body)} body: ${(above / body).toFixed(2)}×`,
    above <= MEMORY_LIMIT * body,
    `${mib(above - MEMORY_LIMIT * body)} over`,
  );
}

function changeRoundTrips(rows: ScenarioRow[]): TargetVerdict {
  const target = 'First sync and 1%-changed re-sync at N = 1,000: ≤ 6 round trips, every request < 4 MiB';
  const atThousand = rows.filter(
    (row) => row.models === 1_000 && (row.scenario === 'first sync' || row.scenario === '1% changed'),
  );
  const largest = Math.max(0, ...rows.map((row) => row.ours?.largestRequestBytes ?? 0));
  if (atThousand.length === 0 || atThousand.some((row) => row.ours === undefined)) {
    return notMeasured(target, 'N = 1,000 was not in --sizes');
  }
  const trips = atThousand.map((row) => `${row.scenario}: ${row.ours?.roundTrips}`).join(', ');
  const worst = Math.max(...atThousand.map((row) => row.ours?.roundTrips ?? 0));
  return verdict(
    target,
    `${trips}; largest request of any run ${mib(largest)}`,
    worst <= 6 && largest < DATA_API_REQUEST_LIMIT,
    `${Math.max(0, worst - 6)} round trips over`,
  );
}

function speedup(rows: ScenarioRow[], latencyMs: number): TargetVerdict {
  const target = 'N = 1,000 at 20 ms latency: ≥ 50× faster than the row-at-a-time baseline';
  const atThousand = rows.filter((row) => row.models === 1_000 && row.ours !== undefined && row.baseline !== undefined);
  if (latencyMs !== 20) return notMeasured(target, `this run used --latency-ms ${latencyMs}`);
  if (atThousand.length === 0) return notMeasured(target, 'N = 1,000 was not in --sizes');
  const ratios = atThousand.map((row) => ({
    row,
    ratio: (row.baseline?.wallMs ?? 0) / Math.max(1, row.ours?.wallMs ?? 1),
  }));
  const worst = ratios.reduce((low, entry) => (entry.ratio < low.ratio ? entry : low));
  return verdict(
    target,
    ratios.map((entry) => `${entry.row.scenario} ${entry.ratio.toFixed(0)}×`).join(', '),
    worst.ratio >= 50,
    `${worst.row.scenario} is ${worst.ratio.toFixed(1)}×, short by ${(50 - worst.ratio).toFixed(1)}×`,
  );
}

function peakMemory(rows: ScenarioRow[]): TargetVerdict {
  const target = 'Peak RSS of a 10,000-model sync < 256 MiB';
  const atTenThousand = rows.filter((row) => row.models === 10_000 && row.ours?.peakRssMiB !== undefined);
  if (atTenThousand.length === 0) return notMeasured(target, 'N = 10,000 was not in --sizes');
  const worst = atTenThousand.reduce((high, row) =>
    (row.ours?.peakRssMiB ?? 0) > (high.ours?.peakRssMiB ?? 0) ? row : high,
  );
  const peak = worst.ours?.peakRssMiB ?? 0;
  const idle = worst.ours?.idleRssMiB ?? 0;
  return verdict(
    target,
    `${peak.toFixed(0)} MiB (${worst.scenario}; ${idle.toFixed(0)} MiB of it before the sync started)`,
    peak < 256,
    `${(peak - 256).toFixed(0)} MiB over`,
  );
}

function bundleTargets(report: BundleReport | undefined): TargetVerdict[] {
  const target = 'Each handler bundle < 1 MB, cold import < 150 ms above bare Node';
  if (report === undefined) return [notMeasured(target, 'run with bundles enabled')];
  return report.bundles.map((bundle) => {
    const name = `${target} — ${bundle.name}`;
    // The size target holds for the whole package deployed; the chunks a cold start skips count too.
    const bytes = bundle.folderBytes;
    if (bytes === undefined) return notMeasured(name, `${bundle.problem ?? 'no bundle'}; bundles ${report.source}`);
    if (bundle.coldImportMs === undefined) {
      return notMeasured(name, `${(bytes / 1e6).toFixed(2)} MB; ${bundle.problem ?? 'import not timed'}`);
    }
    const sizeOk = bytes < 1_000_000;
    const importOk = bundle.coldImportMs < 150;
    return verdict(
      name,
      `${(bytes / 1e6).toFixed(2)} MB package, +${bundle.coldImportMs.toFixed(0)} ms`,
      sizeOk && importOk,
      [
        sizeOk ? '' : `${((bytes - 1_000_000) / 1e6).toFixed(2)} MB over the size target`,
        importOk ? '' : `${(bundle.coldImportMs - 150).toFixed(0)} ms over the import target`,
      ]
        .filter((part) => part !== '')
        .join('; '),
    );
  });
}

/** Every target, judged against this run. */
export function judgeTargets(
  rows: ScenarioRow[],
  bundles: BundleReport | undefined,
  latencyMs: number,
  catalogs: readonly CatalogFacts[],
): TargetVerdict[] {
  return [
    identicalResync(rows),
    changeRoundTrips(rows),
    speedup(rows, latencyMs),
    localWork(rows),
    peakMemory(rows),
    memoryAboveStart(rows, catalogs),
    ...bundleTargets(bundles),
  ];
}
