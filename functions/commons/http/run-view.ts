import type { SyncRun } from '../../../lib/sync/run-store.js';

/** What readers of the run history may see. */
export interface RunViewSettings {
  /** Show callers' full ARNs (account id included) instead of their role and session. @default false */
  showCallerArns: boolean;
}

/** Failures whose recorded text is about the system, not the catalog: for the logs, not for readers. */
const INTERNAL_FAILURES: ReadonlySet<string> = new Set(['database', 'internal', 'config']);

/**
 * A caller as readers see them: an assumed role's `Role/session`, any other ARN's resource
 * (`user/alice`), without partition or account id. JWT subjects are shown as they are.
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
 * A recorded run as the API shows it. The record keeps the whole story for operators (who read
 * it in the database and the logs); readers get no other caller's account id unless
 * {@link RunViewSettings.showCallerArns}, and, for a database or internal failure, one line that
 * sends them to the logs instead of the database's own error text.
 */
export function runForReaders(run: SyncRun, settings: RunViewSettings): SyncRun {
  const requestedBy = run.requestedBy === null || settings.showCallerArns ? run.requestedBy : shortCaller(run.requestedBy);
  const errors =
    run.failureReason !== null && INTERNAL_FAILURES.has(run.failureReason)
      ? [
          `The sync failed with a ${run.failureReason} error; the details are in the function logs ` +
            `(search for run id ${run.runId}).`,
        ]
      : run.errors;
  return { ...run, requestedBy, errors };
}
