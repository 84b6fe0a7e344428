import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { handlerRuntimeEnvironment, SYNC_FUNCTION_MEMORY_MIB } from '../../infra/handler-bundling.js';
import { builtHandler } from '../support/built-handlers.js';

const PRINT_HEAP = 'console.log(JSON.stringify({ limitMiB: require("v8").getHeapStatistics().heap_size_limit / 2 ** 20, gc: typeof gc, argv: process.argv.slice(1) }))';

/** Runs `node <flags> -e PRINT_HEAP extra` as Lambda's runtime would (with its heap flags), through `wrapper` when given, with the functions' environment. */
async function startNode(wrapper: string | undefined): Promise<{ limitMiB: number; gc: string; argv: string[] }> {
  const memory = SYNC_FUNCTION_MEMORY_MIB;
  // What Lambda's Node runtimes put on the command line for a 512 MB function (25 and 461).
  const newSpace = Math.floor(memory / 10);
  const command = [process.execPath, '--expose-gc', `--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memory - newSpace}`, '-e', PRINT_HEAP, 'extra'];
  const [file, ...args] = wrapper === undefined ? command : [wrapper, ...command];
  const { stdout } = await promisify(execFile)(file ?? '', args, { env: { PATH: process.env.PATH, ...handlerRuntimeEnvironment(memory) } });
  return JSON.parse(stdout) as { limitMiB: number; gc: string; argv: string[] };
}

describe('The Node flags wrapper in every handler package', () => {
  it("It should make NODE_OPTIONS' heap hold over the runtime's command-line flags, and pass every other argument on", async () => {
    const { file } = await builtHandler('scheduled-sync');
    const wrapper = join(file, '..', 'node-flags.sh');
    expect(statSync(wrapper).mode & 0o111).toBe(0o111); // Lambda must be able to run it
    expect(handlerRuntimeEnvironment(SYNC_FUNCTION_MEMORY_MIB).AWS_LAMBDA_EXEC_WRAPPER).toBe('/var/task/node-flags.sh');

    const bare = await startNode(undefined);
    const wrapped = await startNode(wrapper);
    // Without it the runtime's 461 MiB old generation wins; with it, NODE_OPTIONS' 256 MiB.
    expect(bare.limitMiB).toBeGreaterThan(461);
    expect(wrapped.limitMiB).toBeLessThan(300);
    expect(wrapped).toMatchObject({ gc: 'function', argv: ['extra'] });
  });
});
