import type { SyncService } from '../../../lib/sync/service.js';
import type { SyncRequest, SyncResult } from '../../../lib/sync/types.js';
import { excerpt } from './fault-report.js';
import type { FaultRow } from '../../../scripts/reliability-report-format.js';
import { checkModelsInvariants, failedRunProblems, messageProblems } from './models-invariants.js';
import { snapshotModels } from '../../support/table-snapshot.js';
import type { ExpectedState, InvariantVerdict } from './models-invariants.js';
import type { ReliabilityDatabase } from './reliability-database.js';
import { catalogOf, SENTINEL_MASTER_KEY } from './reliability-database.js';

export interface CaseRun {
  result: SyncResult;
  verdict: InvariantVerdict;
  /** Every broken invariant: table, LiteMaaS columns, run record, messages. Empty when all held. */
  problems: string[];
}

export interface CaseSpec {
  /** The `/model/info` entries the sync should end up applying, when it applies anything. */
  entries?: unknown[];
  expected: ExpectedState;
  request?: Partial<SyncRequest>;
  /** Secrets that must not appear in any message. @default [SENTINEL_MASTER_KEY] */
  secrets?: readonly string[];
  /** Whether a failed run can be recorded (false when the database itself is the fault). @default true */
  recorded?: boolean;
}

/** Runs one sync and checks every invariant against a snapshot taken just before it. */
export async function runSyncCase(
  db: Pick<ReliabilityDatabase, 'admin'>,
  service: SyncService,
  spec: CaseSpec,
): Promise<CaseRun> {
  const secrets = spec.secrets ?? [SENTINEL_MASTER_KEY];
  const before = await snapshotModels(db.admin);
  const request: SyncRequest = { trigger: 'manual', ...spec.request };
  const result = await service.syncModels(request, { litellmApiKey: SENTINEL_MASTER_KEY });
  const after = await snapshotModels(db.admin);
  const verdict = checkModelsInvariants({
    before,
    after,
    expected: spec.expected,
    markUnavailable: request.markUnavailable ?? true,
    // The oracle sees the entries as they travel: through JSON (NaN → null, no prototypes).
    ...(spec.entries === undefined ? {} : { catalog: catalogOf(JSON.parse(JSON.stringify(spec.entries)) as unknown[]) }),
  });
  const problems = [...verdict.problems];
  if (!result.success) {
    problems.push(...(await failedRunProblems(db.admin, result, secrets, { recorded: spec.recorded ?? true })));
  } else {
    for (const error of result.errors) problems.push(...messageProblems(error, secrets));
  }
  const serialized = JSON.stringify(result);
  for (const secret of secrets) if (serialized.includes(secret)) problems.push('a secret is in the result');
  return { result, verdict, problems };
}

/** "success: false (litellm) — LiteLLM answered …" */
export function describeOutcome(result: SyncResult): string {
  if (result.success) {
    return `success: ${result.newModels} new, ${result.updatedModels} updated, ${result.unavailableModels} retired`;
  }
  const kind = result.skipped ? 'skipped' : `success: false (${result.failureReason ?? 'entries skipped'})`;
  const applied =
    result.failureReason === undefined
      ? `; valid entries applied (${result.newModels} new, ${result.updatedModels} updated)`
      : '';
  return `${kind}${applied} — "${excerpt(result.errors[0] ?? '')}"${result.errors.length > 1 ? ` (+${result.errors.length - 1} more)` : ''}`;
}

/** The invariant column of the report. */
export function describeInvariants(run: CaseRun): string {
  if (run.problems.length > 0) return `VIOLATED: ${run.problems.join('; ')}`;
  const table = run.verdict.state === 'unchanged' ? 'table exactly as before' : 'table exactly the new catalog';
  const recorded = run.result.runId === undefined ? 'run not recorded (dry run or database down)' : `run recorded as ${run.result.skipped ? 'skipped' : run.result.success ? 'succeeded' : 'failed'}`;
  return `held: ${table}; ${recorded}; no secret or stack trace`;
}

export function reportRow(fault: string, run: CaseRun, extra = ''): FaultRow {
  return { fault, outcome: `${describeOutcome(run.result)}${extra}`, invariants: describeInvariants(run) };
}
