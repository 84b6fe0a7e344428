import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where test/infra/synth-stack.ts keeps the templates this run synthesized, one file per context. */
    templateCacheDir?: string;
    /** Where test/support/built-handlers.ts keeps the handler packages this run built, one folder each. */
    handlerBundlesDir?: string;
  }
}

/** Each directory the run provides, and the prefix of its name. */
const RUN_DIRECTORIES = [
  ['templateCacheDir', 'model-sync-templates-'],
  ['handlerBundlesDir', 'model-sync-bundles-'],
] as const;

/**
 * vitest global setup: the run's directories for what is made once per run, whichever worker asks
 * first: each template configuration synthesized (and each worker's CDK output,
 * test/support/cdk-outdir.ts), each handler bundled. Gone after the run, so a changed stack or
 * handler is never tested from an old template or package.
 */
export default function createRunDirectories(project: TestProject): () => void {
  const made = RUN_DIRECTORIES.map(([key, prefix]) => {
    const directory = mkdtempSync(join(tmpdir(), prefix));
    project.provide(key, directory);
    return directory;
  });
  return () => {
    for (const directory of made) rmSync(directory, { recursive: true, force: true });
  };
}
