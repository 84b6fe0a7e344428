/** "1 model", "2 models": a count with its noun (English plurals in -s only). */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** What `missing` means, under a report that lists missing models. */
export function missingLegend(policy: { retireAfterMissedRuns: number; markUnavailable: boolean }): string {
  if (!policy.markUnavailable) return 'missing: no longer listed by LiteLLM, kept available (--no-mark-unavailable)';
  return `missing: no longer listed by LiteLLM, still available until ${countOf(policy.retireAfterMissedRuns, 'run')} in a row missed it (--retire-after-missed-runs)`;
}
