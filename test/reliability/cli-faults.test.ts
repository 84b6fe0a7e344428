import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SyncResult } from '../../lib/sync/types.js';
import { findFreePort } from '../../local/free-port.js';
import type { LiteLLMStandIn, StandInAnswer } from '../../local/litellm-stand-in.js';
import { runCli } from '../support/run-cli.js';
import type { CliRun } from '../support/run-cli.js';
import { holdSyncLock } from '../support/sync-lock.js';
import { excerpt, FaultReport } from './support/fault-report.js';
import { checkModelsInvariants, messageProblems, recordedRun } from './support/models-invariants.js';
import { snapshotModels } from '../support/table-snapshot.js';
import type { ExpectedState } from './support/models-invariants.js';
import { basicEntries, catalogOf, SENTINEL_MASTER_KEY, startReliabilitySuite } from './support/reliability-database.js';
import type { ReliabilityDatabase } from './support/reliability-database.js';
import { describeOutcome } from './support/run-case.js';
import { ALL_SENTINELS, entriesWithSecrets, leakedSecrets, SENTINEL_CREDENTIALS } from './support/sentinels.js';

const report = new FaultReport('cli-faults');
let db: ReliabilityDatabase;
let standIn: LiteLLMStandIn;
let stop: () => Promise<void>;
beforeAll(async () => ({ db, standIn, stop } = await startReliabilitySuite('cli_faults')));
afterAll(async () => {
  report.write(); // first, so that a failure while stopping cannot lose the file's rows
  await stop();
});
beforeEach(() => db.resetToBaseline());

interface CliCase {
  fault: string;
  answer?: StandInAnswer;
  args?: () => Promise<string[]>;
  env?: () => Promise<Record<string, string>>;
  exitCode: number;
  expected: ExpectedState;
  /** The line a person reads (stderr, or stdout for --json). */
  message: RegExp;
  /** Whether the run reaches the database and is recorded. */
  recorded: boolean;
  /** Holds the sync lock from another session while the CLI runs. */
  holdLock?: boolean;
}

const closedUrl = async (): Promise<string> => `http://127.0.0.1:${await findFreePort()}`;

const cases: CliCase[] = [
  {
    fault: 'CLI: catalog with credentials, --json',
    answer: { body: { data: [...basicEntries(), ...entriesWithSecrets()] } },
    args: () => Promise.resolve(['--json']),
    exitCode: 0,
    expected: 'applied',
    message: /"success": true/,
    recorded: true,
  },
  {
    fault: 'CLI: LiteLLM unreachable (connection refused)',
    env: async () => ({ LITELLM_API_URL: await closedUrl() }),
    exitCode: 1,
    expected: 'unchanged',
    message: /Could not reach LiteLLM .*connection refused.*Check LITELLM_API_URL/,
    recorded: true,
  },
  {
    fault: 'CLI: LITELLM_API_URL with user:password@ (refused, like the stack\'s litellmUrl)',
    env: async () => ({ LITELLM_API_URL: (await closedUrl()).replace('//', `//admin:${SENTINEL_CREDENTIALS.urlPassword}@`) }),
    exitCode: 2,
    expected: 'unchanged',
    message: /LITELLM_API_URL \(or --litellm-url\) must not contain credentials/,
    recorded: false,
  },
  {
    fault: 'CLI: wrong key (HTTP 401 echoing it)',
    answer: { status: 401, body: { error: { message: `Received API Key = ${SENTINEL_MASTER_KEY}`, code: '401' } } },
    exitCode: 1,
    expected: 'unchanged',
    message: /rejected the API key \(HTTP 401: Received API Key = \[redacted\]\)/,
    recorded: true,
  },
  {
    fault: 'CLI: empty catalog (guard)',
    answer: { body: { data: [] } },
    exitCode: 1,
    expected: 'unchanged',
    message: /changed nothing rather than retire every model\. Check the LiteLLM configuration/,
    recorded: true,
  },
  {
    fault: 'CLI: another sync holds the lock',
    answer: { body: { data: basicEntries() } },
    holdLock: true,
    exitCode: 3,
    expected: 'unchanged',
    message: /another sync is running/,
    recorded: true,
  },
  {
    fault: 'CLI: DATABASE_URL with a password, nothing listening',
    answer: { body: { data: basicEntries() } },
    env: async () => ({ DATABASE_URL: `postgres://sync:${SENTINEL_CREDENTIALS.urlPassword}@127.0.0.1:${await findFreePort()}/litemaas` }),
    exitCode: 1,
    expected: 'unchanged',
    message: /Could not connect to PostgreSQL at 127\.0\.0\.1:\d+\/litemaas \(connection refused\)\. Check DATABASE_URL\./,
    recorded: false,
  },
  {
    fault: 'CLI: no LITELLM_API_KEY',
    env: () => Promise.resolve({ LITELLM_API_KEY: '' }),
    exitCode: 2,
    expected: 'unchanged',
    message: /set LITELLM_API_KEY/,
    recorded: false,
  },
];

describe('The CLI exits with the documented code, one clear line, no secret, and the table intact', () => {
  it.each(cases)('$fault', async (fault) => {
    standIn.answer(fault.answer ?? { body: { data: basicEntries() } });
    const env = { LITELLM_API_URL: standIn.url, LITELLM_API_KEY: SENTINEL_MASTER_KEY, DATABASE_URL: db.url, ...(await fault.env?.()) };
    const args = (await fault.args?.()) ?? [];
    const before = await snapshotModels(db.admin);
    const lock = fault.holdLock === true ? await holdSyncLock(db.admin) : undefined;
    let run: CliRun;
    try {
      run = await runCli(args, env);
    } finally {
      await lock?.release();
    }
    const after = await snapshotModels(db.admin);
    const entries = (fault.answer?.body as { data?: unknown[] } | undefined)?.data;
    const verdict = checkModelsInvariants({
      before,
      after,
      expected: fault.expected,
      ...(entries === undefined ? {} : { catalog: catalogOf(entries) }),
    });
    const said = args.includes('--json') ? run.stdout : run.stderr;
    const problems = [...verdict.problems, ...leakedSecrets(run.stdout + run.stderr).map((secret) => `secret in the output: ${secret}`)];
    if (run.stderr !== '') problems.push(...messageProblems(run.stderr, ALL_SENTINELS));
    const { rows: runs } = await db.admin.query<{ id: string }>('SELECT id::text AS id FROM model_sync_runs');
    if (fault.recorded && runs.length !== 1) problems.push(`${runs.length} runs recorded`);
    if (!fault.recorded && runs.length !== 0) problems.push('a run was recorded');
    if (fault.recorded && fault.exitCode !== 0) {
      const recorded = await recordedRun(db.admin, runs[0]?.id ?? '');
      if (recorded?.status !== (fault.exitCode === 3 ? 'skipped' : 'failed')) problems.push(`the run is recorded as ${recorded?.status}`);
    }
    const line = said.split('\n').find((text) => fault.message.test(text)) ?? said.split('\n')[0] ?? '';
    const shown = args.includes('--json') ? describeOutcome(JSON.parse(run.stdout) as SyncResult) : `"${excerpt(line.replace(/^litemaas-model-sync: /, ''))}"`;
    report.add({
      fault: fault.fault,
      outcome: `exit ${run.code} — ${shown}`,
      invariants:
        problems.length === 0
          ? `held: table ${verdict.state === 'unchanged' ? 'exactly as before' : 'exactly the new catalog'}; ${fault.recorded ? 'run recorded' : 'nothing to record'}; no secret in stdout/stderr`
          : `VIOLATED: ${problems.join('; ')}`,
    });
    expect(problems).toEqual([]);
    expect(run.code).toBe(fault.exitCode);
    expect(said).toMatch(fault.message);
    if (fault.exitCode !== 0) expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });
});
