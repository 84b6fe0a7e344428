import { errorsForReaders, shortCaller, textForReaders } from '../../../lib/sync/reader-view.js';
import type { ChangePage } from '../../../lib/sync/change-journal.js';
import type { SyncRun } from '../../../lib/sync/run-store.js';

/** What readers of the run history may see. */
export interface RunViewSettings {
  /** Show callers' full ARNs (account id included) instead of their role and session. @default false */
  showCallerArns: boolean;
}

/**
 * A recorded run as the API shows it, by the rules the change events share (lib/sync/reader-view.ts). The record keeps the whole story for operators (who read
 * it in the database and the logs); readers get no other caller's account id unless
 * {@link RunViewSettings.showCallerArns}, no ARN, internal address or key-like value in the
 * errors and `eventsError`, and, for a database or internal failure, one line that sends them to
 * the logs instead of the database's own error text.
 */
export function runForReaders(run: SyncRun, settings: RunViewSettings): SyncRun {
  const requestedBy = run.requestedBy === null || settings.showCallerArns ? run.requestedBy : shortCaller(run.requestedBy);
  const errors = errorsForReaders(run.failureReason, run.errors, run.runId);
  // EventBridge's error names the function's role ARN and the bus: not for readers either.
  const eventsError = run.eventsError === null ? null : textForReaders(run.eventsError);
  return { ...run, requestedBy, errors, eventsError };
}

/** A page of the change journal as the API shows it: callers in the short form, as for runs. */
export function changesForReaders(page: ChangePage, settings: RunViewSettings): ChangePage {
  const entries = page.entries.map((entry) =>
    entry.requestedBy === null || settings.showCallerArns ? entry : { ...entry, requestedBy: shortCaller(entry.requestedBy) },
  );
  return { ...page, entries };
}
