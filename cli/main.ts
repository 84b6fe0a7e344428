import { ConfigError } from '../lib/errors.js';
import { parseCliArguments } from './arguments.js';
import type { CliCommand } from './commands.js';
import { EXIT } from './exit-codes.js';
import { printBug, printProblem, printResult } from './output.js';
import { showModels } from './models-command.js';
import { showHistory, showRuns } from './runs.js';
import { showStatus } from './status-command.js';
import { runSync } from './sync.js';
import { runDemo } from './demo/run-demo.js';
import { USAGE } from './usage.js';
import { versionLine } from './version.js';

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
  if (command.command === 'history') return showHistory(command);
  if (command.command === 'status') return showStatus(command);
  if (command.command === 'models') return showModels(command);
  if (command.command === 'demo') return runDemo(env);
  printResult(command.command === 'version' ? versionLine() : USAGE);
  return EXIT.success;
}

/** main(), with anything it did not expect reported as a bug: one line, the stack only with DEBUG set. */
export async function mainReportingBugs(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  try {
    return await main(argv, env);
  } catch (error) {
    printBug(error);
    return EXIT.failed;
  }
}
