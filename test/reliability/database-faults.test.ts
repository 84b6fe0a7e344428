import { setTimeout as sleep } from 'node:timers/promises';
import {
  DatabaseResumingException,
  NotFoundException,
  RDSDataClient,
  TransactionNotFoundException,
} from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataApiDatabase } from '../../lib/db/data-api/database.js';
import type { DatabasePort } from '../../lib/db/port.js';
import type { SyncRequest } from '../../lib/sync/types.js';
import { startDataApiEmulator } from '../support/data-api-emulator.js';
import type { DataApiEmulator } from '../support/data-api-emulator.js';
import { startLiteLLMStandIn } from '../../local/litellm-stand-in.js';
import type { LiteLLMStandIn } from '../../local/litellm-stand-in.js';
import { startTestPostgres } from '../support/postgres.js';
import type { TestPostgres } from '../support/postgres.js';
import { deployment, manyDeployments } from './support/catalogs.js';
import { excerpt, FaultReport } from './support/fault-report.js';
import { failingStatement, wrapDatabase } from '../support/faulty-database.js';
import type { StepHook, SyncStep } from '../support/faulty-database.js';
import type { ExpectedState } from './support/models-invariants.js';
import {
  basicEntries,
  fastService,
  LARGE_CATALOG_LITELLM_RETRY,
  prepareReliabilityDatabase,
} from './support/reliability-database.js';
import type { ReliabilityDatabase } from './support/reliability-database.js';
import { describeInvariants, reportRow, runSyncCase } from './support/run-case.js';
import type { CaseRun } from './support/run-case.js';

const report = new FaultReport('database-faults');
let server: TestPostgres;
let standIn: LiteLLMStandIn;
let pgDb: ReliabilityDatabase;
let apiDb: ReliabilityDatabase;
let dataApi: DataApiEmulator;

/**
 * A catalog that changes every kind of thing at once against the baseline: one model updated
 * (gpt-4o's tpm), one retired (claude-sonnet-4-5, 1 of 4), three added.
 */
function changingEntries(): unknown[] {
  const [gpt, , ...rest] = basicEntries() as Record<string, Record<string, unknown>>[];
  const updatedGpt = { ...gpt, litellm_params: { ...gpt?.litellm_params, tpm: 123_456 } };
  return [updatedGpt, ...rest, deployment('new-model-a'), deployment('new-model-b'), deployment('new-model-c')];
}

/** Small requests, so that the upsert is split and the transaction holds several statements. */
const SMALL_REQUESTS = { requestBudgetBytes: 4_000 };
const CHANGING_REQUEST: Partial<SyncRequest> = { migrate: true };
const RESUME_FAST = { budgetMs: 300, initialDelayMs: 20, maxDelayMs: 80, retryAfterSeconds: 15 };
const DATA_API_TARGET = { clusterArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:litemaas', secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf', database: 'data_api_faults' };

beforeAll(async () => {
  [server, standIn] = await Promise.all([startTestPostgres(), startLiteLLMStandIn()]);
  pgDb = await prepareReliabilityDatabase(server, 'database_faults', standIn);
  apiDb = await prepareReliabilityDatabase(server, 'data_api_faults', standIn);
  dataApi = startDataApiEmulator(apiDb.url);
  standIn.answer({ body: { data: changingEntries() } });
});

afterAll(async () => {
  report.write();
  await dataApi?.close();
  await pgDb?.close();
  await apiDb?.close();
  await standIn?.close();
  await server?.stop();
});

function dataApiPort(): DatabasePort {
  return createDataApiDatabase(new RDSDataClient({ region: 'eu-west-1' }), DATA_API_TARGET, RESUME_FAST);
}

async function runWithHook(
  db: ReliabilityDatabase,
  port: DatabasePort,
  hook: StepHook,
  expected: ExpectedState,
  recorded = true,
): Promise<{ run: CaseRun; steps: SyncStep[] }> {
  const faulty = wrapDatabase(port, hook);
  const run = await runSyncCase(db, fastService(faulty, standIn.url, SMALL_REQUESTS), {
    entries: changingEntries(),
    expected,
    request: CHANGING_REQUEST,
    recorded,
  });
  return { run, steps: faulty.steps };
}

/** The steps of an undisturbed changing sync (which also proves the catalog does change things). */
async function stepsOfACleanSync(db: ReliabilityDatabase, port: DatabasePort): Promise<SyncStep[]> {
  await db.resetToBaseline();
  const { run, steps } = await runWithHook(db, port, () => undefined, 'applied');
  expect(run.problems).toEqual([]);
  expect(run.result).toMatchObject({ success: true, newModels: 3, updatedModels: 1, unavailableModels: 1 });
  await db.resetToBaseline();
  return steps;
}

function stepLabel(step: SyncStep): string {
  return `${step.index} (${step.name}${step.inTransaction ? ', in the transaction' : ''})`;
}

describe('A statement that fails at any step of a sync leaves the table exactly as before', () => {
  async function failAtEveryStep(db: ReliabilityDatabase, port: () => DatabasePort, adapter: string): Promise<void> {
    const steps = await stepsOfACleanSync(db, port());
    expect(steps.map((step) => step.name)).toEqual(
      expect.arrayContaining(['migrate', 'plan-sync', 'begin', 'upsert-models', 'reconcile-missing-models', 'record-run', 'commit']),
    );
    expect(steps.filter((step) => step.name === 'upsert-models').length).toBeGreaterThan(1);
    const problems: string[] = [];
    for (const target of steps) {
      await db.resetToBaseline();
      const { run } = await runWithHook(
        db,
        port(),
        async (step, session) => {
          if (step.index === target.index) await session.execute(failingStatement(step));
        },
        'unchanged',
      );
      report.add(reportRow(`${adapter}: SQL error injected before step ${stepLabel(target)} of ${steps.length}`, run));
      if (run.result.failureReason !== 'database') problems.push(`step ${target.index}: failed as ${run.result.failureReason}`);
      if (!/injected fault before step/.test(run.result.errors.join())) problems.push(`step ${target.index}: the error does not say what failed`);
      problems.push(...run.problems.map((problem) => `step ${target.index}: ${problem}`));
    }
    expect(problems).toEqual([]);
  }

  it('on node-postgres, for every step including begin and commit', async () => {
    await failAtEveryStep(pgDb, () => pgDb.database, 'node-postgres');
  });

  it('through the Data API, for every step including begin and commit', async () => {
    await failAtEveryStep(apiDb, dataApiPort, 'Data API');
  });

  it('when PostgreSQL itself rejects the COMMIT (a deferred constraint)', async () => {
    await pgDb.resetToBaseline();
    await pgDb.admin.query(`
      CREATE FUNCTION reliability_refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'deferred check refused the commit'; END $$;
      CREATE CONSTRAINT TRIGGER reliability_refuse_commit AFTER INSERT OR UPDATE ON models
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION reliability_refuse_commit();`);
    try {
      const { run } = await runWithHook(pgDb, pgDb.database, () => undefined, 'unchanged');
      report.add(reportRow('node-postgres: COMMIT itself fails (deferred constraint trigger)', run));
      expect(run.problems).toEqual([]);
      expect(run.result).toMatchObject({ success: false, failureReason: 'database' });
      expect(run.result.errors[0]).toMatch(/rejected a sync statement: deferred check refused the commit/);
    } finally {
      await pgDb.admin.query('DROP TRIGGER reliability_refuse_commit ON models; DROP FUNCTION reliability_refuse_commit()');
    }
  });
});

describe('A connection killed mid-sync (pg_terminate_backend) leaves the table as before or exactly the catalog', () => {
  async function terminateSyncConnections(db: ReliabilityDatabase): Promise<void> {
    await db.admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const { rows } = await db.admin.query<{ left: number }>(
        'SELECT count(*)::int AS left FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      if (rows[0]?.left === 0) break;
      await sleep(10);
    }
    // Let the clients notice that their server side is gone.
    await sleep(20);
  }

  it('before every step of a sync', async () => {
    const steps = await stepsOfACleanSync(pgDb, pgDb.database);
    const problems: string[] = [];
    for (const target of steps) {
      await pgDb.resetToBaseline();
      const { run } = await runWithHook(
        pgDb,
        pgDb.database,
        async (step) => {
          if (step.index === target.index) await terminateSyncConnections(pgDb);
        },
        'either',
      );
      report.add(reportRow(`node-postgres: connections terminated before step ${stepLabel(target)}`, run));
      if (!run.result.success && run.result.failureReason !== 'database') {
        problems.push(`step ${target.index}: failed as ${run.result.failureReason}: ${run.result.errors.join()}`);
      }
      if (run.result.success !== (run.verdict.state === 'applied')) problems.push(`step ${target.index}: result and table disagree`);
      // Killing the transaction's own connection must fail the run, never half-apply it.
      if (target.inTransaction && run.result.success) problems.push(`step ${target.index}: succeeded without its transaction`);
      problems.push(...run.problems.map((problem) => `step ${target.index}: ${problem}`));
    }
    expect(problems).toEqual([]);
    expect(steps.filter((step) => step.inTransaction).length).toBeGreaterThan(2);
  });
});

describe('Through the Data API, request limits never cost a whole sync', () => {
  async function syncThroughDataApi(fault: string, entries: unknown[], expected: ExpectedState): Promise<CaseRun> {
    standIn.answer({ body: { data: entries } });
    try {
      const run = await runSyncCase(apiDb, fastService(dataApiPort(), standIn.url, { litellmRetry: { ...LARGE_CATALOG_LITELLM_RETRY } }), {
        entries,
        expected,
      });
      report.add(reportRow(fault, run));
      return run;
    } finally {
      standIn.answer({ body: { data: changingEntries() } });
    }
  }

  it('a 10,000-model catalog is split into requests under 4 MiB, and an identical re-sync writes nothing', async () => {
    await apiDb.resetToBaseline();
    dataApi.clearFaults();
    const entries = [...basicEntries(), ...manyDeployments(10_000)];
    const upsertsBefore = dataApi.calls.filter((call) => call.sql?.includes('jsonb_to_recordset') === true).length;
    const first = await syncThroughDataApi('Data API: 10,000-entry catalog (first sync)', entries, 'applied');
    const upserts = dataApi.calls.filter((call) => call.sql?.includes('jsonb_to_recordset') === true).length - upsertsBefore;
    const again = await syncThroughDataApi('Data API: 10,000-entry catalog (identical re-sync)', entries, 'unchanged');
    expect([...first.problems, ...again.problems]).toEqual([]);
    expect(first.result).toMatchObject({ success: true, newModels: 10_000 });
    expect(upserts).toBeGreaterThan(1);
    expect(again.result).toMatchObject({ success: true, newModels: 0, updatedModels: 0 });
  });

  it('one model of 5 MB is skipped and listed; the others still sync', async () => {
    await apiDb.resetToBaseline();
    const entries = [...basicEntries(), deployment('normal-model'), deployment('huge-model', { model_info: { notes: 'x'.repeat(5_000_000) } })];
    const run = await syncThroughDataApi('Data API: one entry with 5 MB of model_info among valid ones', entries, 'applied');
    expect(run.problems).toEqual([]);
    expect(run.result).toMatchObject({ success: false, newModels: 1, changes: { added: ['normal-model'] } });
    expect(run.result.failureReason).toBeUndefined();
    expect(run.result.errors).toEqual([expect.stringMatching(/^Skipped model "huge-model": its LiteLLM data takes \d+ bytes, more than the 1000000/)]);
  });
});

describe('The Data API: a resuming database and an expired transaction', () => {
  const resuming = (): Error => new DatabaseResumingException({ message: 'The database is resuming', $metadata: {} });

  it('waits for a database that resumes after three tries, then syncs', async () => {
    await apiDb.resetToBaseline();
    dataApi.clearFaults();
    dataApi.injectFault({ error: resuming, times: 3 });
    const faultedBefore = dataApi.calls.filter((call) => call.faulted).length;
    const { run } = await runWithHook(apiDb, dataApiPort(), () => undefined, 'applied');
    const faulted = dataApi.calls.filter((call) => call.faulted).length - faultedBefore;
    report.add(reportRow('Data API: DatabaseResumingException 3 times, then resumed', run, ` [${faulted} calls answered "resuming"]`));
    expect(run.problems).toEqual([]);
    expect(run.result).toMatchObject({ success: true, newModels: 3 });
    expect(faulted).toBe(3);
  });

  it('gives up on a database that never resumes with "retry in N s", having changed nothing', async () => {
    await apiDb.resetToBaseline();
    dataApi.clearFaults();
    dataApi.injectFault({ error: resuming });
    try {
      const { run } = await runWithHook(apiDb, dataApiPort(), () => undefined, 'unchanged', false);
      report.add(reportRow('Data API: DatabaseResumingException that never clears (300 ms budget)', run, ' [not recorded: the database is resuming]'));
      expect(run.problems).toEqual([]);
      expect(run.result).toMatchObject({ success: false, failureReason: 'database-resuming', retryAfterSeconds: 15 });
      expect(run.result.errors).toEqual(['The database is resuming from auto-pause; retry in 15 s.']);
    } finally {
      dataApi.clearFaults();
    }
  });

  it('gives up on a commit that keeps meeting a resuming database and rolls back', async () => {
    await apiDb.resetToBaseline();
    dataApi.clearFaults();
    dataApi.injectFault({ error: resuming, operations: ['CommitTransaction'] });
    const callsBefore = dataApi.calls.length;
    try {
      // A resuming database is not asked to take the record either (that would wait a second budget).
      const { run } = await runWithHook(apiDb, dataApiPort(), () => undefined, 'unchanged', false);
      report.add(reportRow('Data API: DatabaseResumingException on every CommitTransaction (300 ms budget)', run, ' [not recorded: the database is resuming]'));
      expect(run.problems).toEqual([]);
      expect(run.result).toMatchObject({ success: false, failureReason: 'database-resuming', retryAfterSeconds: 15 });
      const rollbacks = dataApi.calls.slice(callsBefore).filter((call) => call.operation === 'RollbackTransaction' && !call.faulted);
      expect(rollbacks).toHaveLength(1);
    } finally {
      dataApi.clearFaults();
    }
  });

  const expiredCases = [
    {
      fault: 'Data API: transaction expired at commit (TransactionNotFoundException)',
      at: (step: SyncStep) => step.name === 'commit',
      operation: 'CommitTransaction' as const,
      error: () => new TransactionNotFoundException({ message: 'Transaction tx-1 is not found', $metadata: {} }),
      // At commit the outcome is unknown to the caller (a lost answer looks the same), so it says so.
      message: /did not confirm the commit .* may or may not be saved\. Run the sync again/,
    },
    {
      fault: 'Data API: transaction expired mid-transaction (NotFoundException on the retirement)',
      at: (step: SyncStep) => step.name === 'reconcile-missing-models',
      operation: 'ExecuteStatement' as const,
      error: () => new NotFoundException({ message: "Transaction tx-1 isn't found", $metadata: {} }),
      message: /transaction expired or was aborted .* nothing was changed\. Run the sync again\./,
    },
  ];

  it.each(expiredCases)('$fault: fails, says to run again, changes nothing', async ({ fault, at, operation, error, message }) => {
    await apiDb.resetToBaseline();
    dataApi.clearFaults();
    const { run } = await runWithHook(
      apiDb,
      dataApiPort(),
      (step) => {
        if (at(step)) dataApi.injectFault({ error, operations: [operation], times: 1 });
      },
      'unchanged',
    );
    report.add(reportRow(fault, run));
    expect(run.problems).toEqual([]);
    expect(run.result).toMatchObject({ success: false, failureReason: 'database' });
    expect(run.result.errors[0]).toMatch(message);
    expect(excerpt(describeInvariants(run))).toMatch(/^held/);
  });
});
