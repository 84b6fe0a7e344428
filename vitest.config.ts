import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/longest-first-sequencer.js';

/**
 * One project, every file in a reused worker (`isolate: false`): a fresh worker costs about a
 * second of CPU to load vitest and the project, more than most files take, and a worker that has
 * loaded aws-cdk-lib or synthesized a template keeps them for the next file. Three projects (one
 * per kind of file) kept their workers apart, so a worker that finished one kind was replaced by a
 * new one for the next: about 13 s of CPU more per run. What a file could leave behind for the
 * next is put back by the setup files (test/support/fresh-container.ts says what and how).
 */
export default defineConfig({
  test: {
    pool: 'forks',
    // As many workers as CPUs: most files spend their time waiting on PostgreSQL, LiteLLM and timers.
    maxWorkers: '100%',
    include: ['test/**/*.test.ts'],
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    // The longest files first, so that no worker idles at the end.
    sequence: { sequencer: LongestFirstSequencer },
    globalSetup: [
      // First: stops the whole run with one line when the embedded PostgreSQL cannot work here.
      'test/support/postgres-preflight.ts',
      // The one server the run's files create their databases on.
      'test/support/global-postgres.ts',
      // Where each template configuration is synthesized once, and each handler bundled once.
      'test/support/global-run-directories.ts',
    ],
    // fresh-container first: it may reset the modules, which the other setup files then load anew,
    // as the test file does, so that they share the file's instances.
    setupFiles: ['test/support/fresh-container.ts', 'test/support/cdk-outdir.ts', 'test/support/cli-data-home.ts'],
  },
});
