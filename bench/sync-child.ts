import { readFileSync } from 'node:fs';
import { measureSync } from './measure-sync.js';
import type { SyncJob } from './measure-sync.js';

/**
 * Peak resident memory of this process, KiB. On Linux, VmHWM of /proc/self/status: it belongs to
 * this address space only. (`process.resourceUsage().maxRSS` is not used there because Linux carries
 * it over from the forking parent — the bench, with its catalogs in memory — across exec.)
 */
function peakRssKiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match?.[1] !== undefined) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

/**
 * Runs one measured sync in its own process, so that its peak memory is its own: prints the
 * measurement plus the process's peak RSS before and after the sync as one JSON line on stdout.
 * Run through `runInChildProcess`, which bundles it and passes the job as the first argument.
 */
async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as SyncJob;
  const idleRssKiB = peakRssKiB();
  const measurement = await measureSync(job);
  process.stdout.write(`${JSON.stringify({ ...measurement, idleRssKiB, peakRssKiB: peakRssKiB() })}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
