/** "1 model", "2 models": a count with its noun (English plurals in -s only). */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * What `missing` means, under a report that lists missing models (there are none without
 * `--retire-after-missed-runs` above 1, or with `--no-mark-unavailable`).
 */
export function missingLegend(retireAfterMissedRuns: number): string {
  return `missing = no longer listed by LiteLLM, still available until ${countOf(retireAfterMissedRuns, 'run')} in a row missed it (--retire-after-missed-runs)`;
}
