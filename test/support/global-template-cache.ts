import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where test/infra/synth-stack.ts keeps the templates this run synthesized, one file per context. */
    templateCacheDir?: string;
  }
}

/**
 * vitest global setup: a directory for the run's synthesized templates, so that each template
 * configuration is synthesized once per run, whichever worker asks first. Gone after the run, so a
 * changed stack is never tested against an old template.
 */
export default function createTemplateCache(project: TestProject): () => void {
  const directory = mkdtempSync(join(tmpdir(), 'model-sync-templates-'));
  project.provide('templateCacheDir', directory);
  return () => rmSync(directory, { recursive: true, force: true });
}
