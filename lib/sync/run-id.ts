const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a text is a run id: runs are recorded under a UUID, so anything else can name no run and
 * must be refused before it reaches SQL (where a cast would fail as a database error).
 *
 * @example
 * isRunId('0b6f8a52-3c1d-4e7f-9a2b-5c8d1e0f3a47'); // true
 */
export function isRunId(text: string): boolean {
  return UUID.test(text);
}
