import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/longest-first-sequencer.js';

/**
 * Files that share nothing but loaded modules: they run in reused workers (`isolate: false`), so
 * aws-cdk-lib is loaded, and each template configuration synthesized, once per worker rather than
 * once per file. Every other file gets a fresh worker.
 */
const SHARED_WORKER_FILES = ['test/unit/**/*.test.ts', 'test/infra/**/*.test.ts', 'test/docs/**/*.test.ts', 'test/reliability/template-secrets.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    // As many workers as CPUs: most files spend their time waiting on PostgreSQL, LiteLLM and timers.
    maxWorkers: '100%',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    // The longest files first, across both projects, so that no worker idles at the end.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared-workers',
          include: SHARED_WORKER_FILES,
          isolate: false,
          // A first synth (aws-cdk-lib loading, cdk-nag) takes seconds, and several times that on a busy machine.
          testTimeout: 120_000,
          // The preflight first, in both projects: a run of these files alone stops the same way.
          globalSetup: ['test/support/postgres-preflight.ts', 'test/support/global-template-cache.ts'],
          setupFiles: ['test/support/cdk-outdir.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'own-workers',
          include: ['test/**/*.test.ts'],
          exclude: SHARED_WORKER_FILES,
          // In order: the preflight stops the whole run with one line when the embedded PostgreSQL
          // cannot work on this machine; then the one server the run shares starts.
          globalSetup: ['test/support/postgres-preflight.ts', 'test/support/global-postgres.ts'],
        },
      },
    ],
  },
});
