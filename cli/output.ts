/**
 * Everything the CLI prints goes through here, so that the process ends only after all of it has
 * been written. Writes to a pipe are asynchronous in Node: `process.exit()` right after a large
 * `console.log` cuts the output at the pipe's buffer size (64 KiB), and `jq` then reads half a
 * JSON document.
 */
import { safeJson, withoutControlCharacters } from './terminal-text.js';

const pending = new Set<Promise<void>>();

// A reader that stops early (`| head`) is not a failure of the sync: the write callbacks still
// resolve, and without a listener the stream's EPIPE would end the process with a stack trace.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

function write(stream: NodeJS.WriteStream, text: string): void {
  const written = new Promise<void>((resolve) => {
    // The callback also runs (with an error) when the reader has gone away, e.g. `| head`.
    stream.write(`${text}\n`, () => resolve());
  });
  pending.add(written);
  void written.then(() => pending.delete(written));
}

/** One line (or block) for stdout: the result a person reads. */
export function printResult(text: string): void {
  write(process.stdout, withoutControlCharacters(text));
}

/** A `--json` document for stdout: the result a script reads. */
export function printJson(value: unknown): void {
  write(process.stdout, safeJson(value));
}

/** One line for stderr, prefixed with the command's name: what failed and what to do. */
export function printProblem(message: string): void {
  write(process.stderr, `litemaas-model-sync: ${withoutControlCharacters(message)}`);
}

/** One line for a failure that is a bug, not a user's problem; the stack only with DEBUG set. */
export function printBug(error: unknown): void {
  const detail = process.env.DEBUG && error instanceof Error ? `\n${error.stack}` : '';
  printProblem(`unexpected error (${error instanceof Error ? error.message : 'no reason given'}); set DEBUG=1 for details.${detail}`);
}

/** A progress note for a person at a terminal (callers decide whether one is watching). */
export function printNote(text: string): void {
  write(process.stderr, withoutControlCharacters(text));
}

/** Resolves when everything printed so far has been handed to the operating system. */
export async function flushed(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
