import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The throw-away XDG data home of the current test file's CLI runs: no test may touch the real
 * ~/.local/share (or /var/lib). Made at the file's first run; removed after the file by
 * test/support/cli-data-home.ts (a setup file), since a reused worker keeps this module loaded
 * from one file to the next. A module of its own, so that the setup file of every test file does
 * not load the CLI.
 */
let xdgDataHome: string | undefined;

/** The current file's data home, made at its first use. */
export function cliDataHome(): string {
  xdgDataHome ??= mkdtempSync(join(tmpdir(), 'model-sync-xdg-'));
  return xdgDataHome;
}

/** Removes the current file's data home; the next file's first run makes a new one. */
export function removeCliDataHome(): void {
  if (xdgDataHome !== undefined) rmSync(xdgDataHome, { recursive: true, force: true });
  xdgDataHome = undefined;
}
