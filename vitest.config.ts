import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/longest-first-sequencer.js';

/**
 * Every file runs in a reused worker (`isolate: false`): a fresh worker costs about a second of CPU
 * to load vitest and the project, more than most files take. Those that synthesize the stack load
 * aws-cdk-lib, and each template configuration, once per worker; those on PostgreSQL share the
 * run's one server. The function handlers' tests check what a handler keeps per container (cached
 * secrets, clients, Powertools state): their setup file starts each file as a new container would
 * (test/support/fresh-container.ts), which a reused worker would not.
 */
const TEMPLATE_FILES = ['test/unit/**/*.test.ts', 'test/infra/**/*.test.ts', 'test/docs/**/*.test.ts', 'test/reliability/template-secrets.test.ts'];
// api-bad-input calls the API handlers themselves, so it starts each time as a new container too.
const HANDLER_FILES = ['test/functions/**/*.test.ts', 'test/reliability/api-bad-input.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    // As many workers as CPUs: most files spend their time waiting on PostgreSQL, LiteLLM and timers.
    maxWorkers: '100%',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    // The longest files first, across the projects, so that no worker idles at the end.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared-workers',
          include: TEMPLATE_FILES,
          isolate: false,
          // A first synth (aws-cdk-lib loading, cdk-nag) takes seconds, and several times that on a busy machine.
          testTimeout: 120_000,
          // The preflight first, in every project: a run of these files alone stops the same way.
          globalSetup: ['test/support/postgres-preflight.ts', 'test/support/global-template-cache.ts'],
          setupFiles: ['test/support/cdk-outdir.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'database-workers',
          include: ['test/**/*.test.ts'],
          exclude: [...TEMPLATE_FILES, ...HANDLER_FILES],
          isolate: false,
          // In order: the preflight stops the whole run with one line when the embedded PostgreSQL
          // cannot work on this machine; then the one server the project shares starts; then the
          // directory where each handler is bundled once for the toolchain tests.
          globalSetup: ['test/support/postgres-preflight.ts', 'test/support/global-postgres.ts', 'test/support/global-handler-bundles.ts'],
          setupFiles: ['test/support/cli-data-home.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'handler-workers',
          include: HANDLER_FILES,
          isolate: false,
          setupFiles: ['test/support/fresh-container.ts'],
          globalSetup: ['test/support/postgres-preflight.ts', 'test/support/global-postgres.ts'],
        },
      },
    ],
  },
});
