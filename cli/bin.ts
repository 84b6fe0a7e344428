import { EXIT } from './exit-codes.js';
import { mainReportingBugs } from './main.js';
import { flushed, printBug } from './output.js';

// The CLI as a process (bin/litemaas-model-sync.js, `npm run sync`): main() in cli/main.ts has no
// side effects on import, so the tests run most commands in process through it.

// Anything thrown outside main()'s promise (an event emitter with no 'error' listener) would
// otherwise end the process with a stack trace; it is a bug to report in one line like any other.
process.on('uncaughtException', (error) => {
  printBug(error);
  void flushed().then(() => process.exit(EXIT.failed));
});

// node-postgres 8 announces on stderr that its pgpass support (the way docs/cli.md gives to keep a
// password off the command line) goes in pg 9. The pinned pg keeps it; a user of this command
// cannot act on the notice, and stderr carries the one line that says why a run failed.
process.noDeprecation = true;

const code = await mainReportingBugs(process.argv.slice(2), process.env);
// Everything printed must reach the pipe or file before the process ends (a large --json result
// is several pipe buffers). Then exit explicitly, with the command's code.
await flushed();
process.exit(code);
