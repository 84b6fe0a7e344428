import type { TestProject } from 'vitest/node';
import { startThrowAwayPostgres } from './postgres.js';

/**
 * vitest global setup: one PostgreSQL server for the whole run, on which each test file creates
 * databases of its own (test/support/postgres.ts). Started once instead of once per file: initdb and
 * a server start cost more CPU than most test files.
 */
export default async function startSharedPostgres(project: TestProject): Promise<() => Promise<void>> {
  // Every file of a parallel run holds a few connections at once. No autovacuum: its workers would
  // visit each of the run's few hundred databases, which live for seconds, for nothing.
  const server = await startThrowAwayPostgres({ max_connections: '300', autovacuum: 'off' });
  project.provide('testPostgresUrl', server.connectionString);
  return () => server.stop();
}
