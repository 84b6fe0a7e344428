import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where test/support/built-handlers.ts keeps the handler packages this run built, one folder each. */
    handlerBundlesDir?: string;
  }
}

/**
 * vitest global setup: a directory for the run's handler packages, so that each handler is bundled
 * once per run, whichever worker asks first. Gone after the run, so a changed handler is never
 * tested from an old package.
 */
export default function createHandlerBundlesDir(project: TestProject): () => void {
  const directory = mkdtempSync(join(tmpdir(), 'model-sync-bundles-'));
  project.provide('handlerBundlesDir', directory);
  return () => rmSync(directory, { recursive: true, force: true });
}
