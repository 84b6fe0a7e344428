/**
 * What people and systems outside the operators see of a run: the read API's run history and the
 * change events share these rules, so neither shows another caller's account id or the database's
 * own error text.
 */

/** Failures whose recorded text is about the system, not the catalog: for the logs, not for readers. */
const INTERNAL_FAILURES: ReadonlySet<string> = new Set(['database', 'internal', 'config']);

/**
 * A caller as readers see them: an assumed role's `Role/session`, any other ARN's resource
 * (`user/alice`), without partition or account id. JWT subjects and CLI users are shown as they are.
 *
 * @example
 * shortCaller('arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice'); // 'PlatformAdmin/alice'
 */
export function shortCaller(requestedBy: string): string {
  if (!requestedBy.startsWith('arn:')) return requestedBy;
  const resource = requestedBy.split(':').slice(5).join(':');
  return resource.startsWith('assumed-role/') ? resource.slice('assumed-role/'.length) : resource;
}

/**
 * A run's errors as readers see them: for a database, internal or configuration failure, one line
 * that sends them to the logs instead of the system's own error text; otherwise the errors as they
 * are (catalog entries, LiteLLM answers, the guard: what a reader can act on).
 *
 * @example
 * errorsForReaders('database', ['relation "models" does not exist'], runId);
 * // ['The sync failed with a database error; the details are in the function logs (search for run id …).']
 */
export function errorsForReaders(failureReason: string | null | undefined, errors: string[], runId: string): string[] {
  if (failureReason === null || failureReason === undefined || !INTERNAL_FAILURES.has(failureReason)) return errors;
  return [`The sync failed with a ${failureReason} error; the details are in the function logs (search for run id ${runId}).`];
}
