/**
 * The embedded PostgreSQL cannot work here, and no retry will help: the message says why and what
 * to do. Thrown before any process is spawned.
 */
export class LocalPostgresUnusableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalPostgresUnusableError';
  }
}
