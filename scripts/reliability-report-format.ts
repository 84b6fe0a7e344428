/**
 * What the fault suite (test/reliability) hands `npm run report:reliability`
 * (scripts/report-reliability.ts): the report's sections, one per test file, where the rows go and
 * their shape. Here, not in test/, so the script imports nothing from the tests.
 */

/** One fault the suite injected, what the system did, and whether the invariants held. */
export interface FaultRow {
  fault: string;
  outcome: string;
  invariants: string;
}

/** The sections of docs/reliability.md, in order: one per test file of the suite. */
export const REPORT_SECTIONS = [
  { file: 'litellm-faults', title: 'LiteLLM faults and bad catalogs (library, real PostgreSQL)' },
  { file: 'database-faults', title: 'Database faults (real PostgreSQL, Data API)' },
  { file: 'concurrency-and-properties', title: 'Concurrency and property-based sequences' },
  { file: 'secrets', title: 'Secrets (sentinel master key and credentials)' },
  { file: 'cli-faults', title: 'CLI' },
  { file: 'api-bad-input', title: 'Manual sync API: bad input, fuzz and logs' },
  { file: 'template-secrets', title: 'Synthesized CloudFormation template' },
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number]['file'];

/**
 * Where the rows go: set by `npm run report:reliability` (scripts/report-reliability.ts), which
 * then writes docs/reliability.md from them. Unset, the suite writes nothing.
 */
export const FRAGMENT_DIR_VARIABLE = 'RELIABILITY_REPORT_DIR';
