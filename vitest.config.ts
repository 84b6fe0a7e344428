import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Stops the whole run with one line when the embedded PostgreSQL cannot work on this machine.
    globalSetup: ['test/support/postgres-preflight.ts'],
    // Integration suites each start their own PostgreSQL; two workers keep them from starving each other.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
