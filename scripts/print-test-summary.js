// Prints vitest's JSON report as the plain closing line CI reads: "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

const REPORT = 'test-results.json';
if (!existsSync(REPORT)) {
  console.log('0 passed, 1 failed');
  console.error(`${REPORT} is missing: the test run did not finish.`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(REPORT, 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
const failed = report.numFailedTests + (report.success ? 0 : report.numFailedTests === 0 ? 1 : 0);
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
