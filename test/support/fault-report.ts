import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

/**
 * Makes a message stable across runs, so that the generated report can be committed:
 * ports, run ids and timings vary from run to run and say nothing about the behaviour.
 */
function stableText(text: string): string {
  return text
    .replace(/(127\.0\.0\.1|localhost):\d+/g, '$1:<port>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\(\d+ ms · run/g, '(<ms> ms · run')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A short, stable excerpt of a message for the table. */
export function excerpt(text: string, length = 200): string {
  const stable = stableText(text);
  return stable.length > length ? `${stable.slice(0, length)}…` : stable;
}

/** Collects the rows of one test file; `write()` (in afterAll) stores them for the report. */
export class FaultReport {
  private readonly rows: FaultRow[] = [];

  constructor(private readonly section: ReportSection) {}

  add(row: FaultRow): void {
    this.rows.push({ fault: row.fault, outcome: stableText(row.outcome), invariants: stableText(row.invariants) });
  }

  /** Stores this file's rows when a report is being generated; does nothing otherwise. */
  write(): void {
    const directory = process.env[FRAGMENT_DIR_VARIABLE];
    if (directory === undefined || directory === '') return;
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, `${this.section}.json`), JSON.stringify(this.rows, null, 2));
  }
}
