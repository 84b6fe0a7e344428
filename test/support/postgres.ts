// A throw-away real PostgreSQL for one test file: local/throwaway-postgres.ts, which the benchmark uses too.
export { startThrowawayPostgres as startTestPostgres } from '../../local/throwaway-postgres.js';
export type { ThrowawayPostgres as TestPostgres } from '../../local/throwaway-postgres.js';
