import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FRAGMENT_DIR_VARIABLE } from '../../../scripts/reliability-report-format.js';
import type { FaultRow, ReportSection } from '../../../scripts/reliability-report-format.js';

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
