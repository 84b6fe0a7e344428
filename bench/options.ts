/** What `npm run bench` was asked to do. */
export interface BenchOptions {
  /** Simulated Data API latency per round trip. @default 20 */
  latencyMs: number;
  /** Catalog sizes (distinct models). @default [100, 1000, 10000] */
  sizes: number[];
  /** Runs of our sync per size; wall time is the median. @default 3 */
  runs: number;
  /** Runs of the baseline per size above 100 models, where each run takes minutes. @default 1 */
  baselineRuns: number;
  /**
   * Largest size at which the baseline really sleeps the latency; above it the latency is added
   * to the measured time (latency × round trips) instead. @default 1000
   */
  baselineSleepMaxModels: number;
  /** Largest size at which the baseline's peak memory is measured too (it takes a while). @default 100 */
  baselineMemoryMaxModels: number;
  /** Write docs/benchmarks.md. @default true (false with --quick) */
  writeReport: boolean;
  /** Measure the handler bundles. @default true */
  bundles: boolean;
  /** Simulated `PutEvents` latency for the change-event figures. @default 30 */
  eventsLatencyMs: number;
  /** Only the change-event figures (seconds), put into docs/benchmarks.md. @default false */
  eventsOnly: boolean;
}

const USAGE = `Usage: npm run bench -- [options]
  --latency-ms N            simulated Data API round-trip latency (default 20)
  --sizes A,B,C             catalog sizes in models (default 100,1000,10000)
  --runs N                  runs of our sync per size; wall time is the median (default 3)
  --baseline-runs N         runs of the row-at-a-time baseline per size above 100 (default 1)
  --baseline-sleep-max N    largest size at which the baseline really sleeps (default 1000)
  --baseline-memory-max N   largest size at which the baseline's peak RSS is measured (default 100)
  --quick                   N = 100 only, 2 runs, no docs/benchmarks.md
  --no-write                do not write docs/benchmarks.md
  --no-bundles              skip the handler bundle sizes and cold starts
  --events-latency-ms N     simulated PutEvents latency for the change-event figures (default 30)
  --events-only             only the change-event figures at 1,000 and 10,000 models (seconds)`;

function positiveInteger(flag: string, text: string | undefined, allowZero = false): number {
  const value = Number(text);
  if (text === undefined || !Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(`${flag} needs ${allowZero ? 'a whole number ≥ 0' : 'a positive whole number'}.\n${USAGE}`);
  }
  return value;
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    latencyMs: 20,
    sizes: [100, 1_000, 10_000],
    runs: 3,
    baselineRuns: 1,
    baselineSleepMaxModels: 1_000,
    baselineMemoryMaxModels: 100,
    writeReport: true,
    bundles: true,
    eventsLatencyMs: 30,
    eventsOnly: false,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index] ?? '';
    const next = (): string | undefined => argv[++index];
    switch (flag) {
      case '--latency-ms':
        options.latencyMs = positiveInteger(flag, next(), true);
        break;
      case '--sizes':
        options.sizes = (next() ?? '').split(',').map((size) => positiveInteger(flag, size.trim()));
        break;
      case '--runs':
        options.runs = positiveInteger(flag, next());
        break;
      case '--baseline-runs':
        options.baselineRuns = positiveInteger(flag, next());
        break;
      case '--baseline-sleep-max':
        options.baselineSleepMaxModels = positiveInteger(flag, next(), true);
        break;
      case '--baseline-memory-max':
        options.baselineMemoryMaxModels = positiveInteger(flag, next(), true);
        break;
      case '--quick':
        options.sizes = [100];
        options.runs = 2;
        options.writeReport = false;
        break;
      case '--no-write':
        options.writeReport = false;
        break;
      case '--no-bundles':
        options.bundles = false;
        break;
      case '--events-latency-ms':
        options.eventsLatencyMs = positiveInteger(flag, next(), true);
        break;
      case '--events-only':
        options.eventsOnly = true;
        break;
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${flag}.\n${USAGE}`);
    }
  }
  return options;
}
