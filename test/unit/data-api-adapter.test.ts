import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  DatabaseErrorException,
  DatabaseResumingException,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
  TransactionNotFoundException,
} from '@aws-sdk/client-rds-data';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDataApiDatabase } from '../../lib/db/data-api/database.js';
import { toSqlParameters } from '../../lib/db/data-api/fields.js';
import type { ResumePolicy } from '../../lib/db/data-api/resume.js';
import type { SqlStatement } from '../../lib/db/port.js';
import { DatabaseError, DatabaseResumingError, SyncBusyError } from '../../lib/errors.js';
import { upsertModels } from '../../lib/sync/model-store.js';
import { buildCatalog } from '../../lib/catalog/build-catalog.js';
import { readFixture } from '../support/fixtures.js';

const target = {
  clusterArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:litemaas',
  secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
  database: 'litemaas',
};
const quickResume: ResumePolicy = { budgetMs: 200, initialDelayMs: 10, maxDelayMs: 40, retryAfterSeconds: 15 };
const statement: SqlStatement = { name: 'probe', text: 'SELECT :n::int AS n' };
const rds = mockClient(RDSDataClient);

function resuming(): DatabaseResumingException {
  return new DatabaseResumingException({ message: 'The Aurora DB instance is resuming after being auto-paused.', $metadata: {} });
}

function database(policy: ResumePolicy = quickResume) {
  return createDataApiDatabase(new RDSDataClient({ region: 'eu-west-1' }), target, policy);
}

afterEach(() => {
  rds.reset();
});

describe('Data API parameters', () => {
  it('It should type every value as a Data API Field, with NULL as isNull', () => {
    expect(toSqlParameters({ s: 'text', i: 42, d: 0.5, t: true, n: null })).toEqual([
      { name: 's', value: { stringValue: 'text' } },
      { name: 'i', value: { longValue: 42 } },
      { name: 'd', value: { doubleValue: 0.5 } },
      { name: 't', value: { booleanValue: true } },
      { name: 'n', value: { isNull: true } },
    ]);
  });

  it('It should send the cluster, secret, database and SQL and ask for JSON records', async () => {
    rds.on(ExecuteStatementCommand).resolves({ formattedRecords: '[{"n":1}]' });
    await database().execute(statement, { n: 1 });
    expect(rds.commandCalls(ExecuteStatementCommand)[0]?.args[0].input).toEqual({
      resourceArn: target.clusterArn,
      secretArn: target.secretArn,
      database: 'litemaas',
      sql: statement.text,
      parameters: [{ name: 'n', value: { longValue: 1 } }],
      formatRecordsAs: 'JSON',
    });
  });
});

describe('Data API reads', () => {
  it('It should parse formattedRecords into rows', async () => {
    rds.on(ExecuteStatementCommand).resolves({
      formattedRecords: '[{"id":"gpt-4o","count":3,"ok":true,"doc":"{\\"a\\": 1}","missing":null}]',
    });
    expect(await database().execute(statement, { n: 1 })).toEqual([
      { id: 'gpt-4o', count: 3, ok: true, doc: '{"a": 1}', missing: null },
    ]);
  });

  it('It should return no rows for a statement without a result set', async () => {
    rds.on(ExecuteStatementCommand).resolves({ numberOfRecordsUpdated: 0 });
    expect(await database().execute(statement, { n: 1 })).toEqual([]);
  });
});

describe('Data API transactions', () => {
  it('It should run statements with the transaction id and commits', async () => {
    rds.on(BeginTransactionCommand).resolves({ transactionId: 'tx-1' });
    rds.on(ExecuteStatementCommand).resolves({ formattedRecords: '[]' });
    rds.on(CommitTransactionCommand).resolves({ transactionStatus: 'Transaction Committed' });
    await database().transaction(async (session) => {
      await session.execute(statement, { n: 1 });
      await session.execute(statement, { n: 2 });
    });
    const calls = rds.commandCalls(ExecuteStatementCommand).map((call) => call.args[0].input.transactionId);
    expect(calls).toEqual(['tx-1', 'tx-1']);
    expect(rds.commandCalls(CommitTransactionCommand)[0]?.args[0].input.transactionId).toBe('tx-1');
    expect(rds.commandCalls(RollbackTransactionCommand)).toHaveLength(0);
  });

  it('It should roll back when the work fails and report the SQL error', async () => {
    rds.on(BeginTransactionCommand).resolves({ transactionId: 'tx-2' });
    rds.on(ExecuteStatementCommand).rejects(
      new DatabaseErrorException({ message: 'ERROR: value too long for type character varying(255)', $metadata: {} }),
    );
    rds.on(RollbackTransactionCommand).resolves({});
    const attempt = database().transaction((session) => session.execute(statement, { n: 1 }));
    await expect(attempt).rejects.toThrow(DatabaseError);
    await expect(attempt).rejects.toThrow(/rejected a sync statement: ERROR: value too long/);
    expect(rds.commandCalls(RollbackTransactionCommand)).toHaveLength(1);
    expect(rds.commandCalls(CommitTransactionCommand)).toHaveLength(0);
  });

  it('It should roll back instead of committing when asked to (dry runs)', async () => {
    rds.on(BeginTransactionCommand).resolves({ transactionId: 'tx-3' });
    rds.on(RollbackTransactionCommand).resolves({});
    await database().transaction(() => Promise.resolve(), { rollbackOnly: true });
    expect(rds.commandCalls(RollbackTransactionCommand)).toHaveLength(1);
    expect(rds.commandCalls(CommitTransactionCommand)).toHaveLength(0);
  });

  it('It should explain a transaction that expired before the commit', async () => {
    rds.on(BeginTransactionCommand).resolves({ transactionId: 'tx-4' });
    rds.on(ExecuteStatementCommand).rejects(
      new TransactionNotFoundException({ message: 'Transaction tx-4 is not found', $metadata: {} }),
    );
    await expect(database().transaction((session) => session.execute(statement, { n: 1 }))).rejects.toThrow(
      /transaction expired or was aborted .* nothing was changed/,
    );
  });

  it('It should not claim nothing changed when the commit is not confirmed', async () => {
    rds.on(BeginTransactionCommand).resolves({ transactionId: 'tx-7' });
    rds.on(ExecuteStatementCommand).resolves({ formattedRecords: '[]' });
    rds.on(CommitTransactionCommand).rejects(
      new TransactionNotFoundException({ message: 'Transaction tx-7 is not found', $metadata: {} }),
    );
    await expect(database().transaction((session) => session.execute(statement, { n: 1 }))).rejects.toThrow(
      /did not confirm the commit \(TransactionNotFoundException\); the changes may or may not be saved/,
    );
  });

  it('It should report the sync lock held elsewhere as busy', async () => {
    rds.on(ExecuteStatementCommand).rejects(
      new DatabaseErrorException({ message: 'ERROR: model-sync: another sync is running', $metadata: {} }),
    );
    await expect(database().execute(statement, { n: 1 })).rejects.toThrow(SyncBusyError);
  });
});

describe('Data API resume handling', () => {
  it('It should retry a resuming database until it answers', async () => {
    rds
      .on(ExecuteStatementCommand)
      .rejectsOnce(resuming())
      .rejectsOnce(resuming())
      .resolves({ formattedRecords: '[{"n":1}]' });
    expect(await database().execute(statement, { n: 1 })).toEqual([{ n: 1 }]);
    expect(rds.commandCalls(ExecuteStatementCommand)).toHaveLength(3);
  });

  it('It should also retry BeginTransaction while resuming', async () => {
    rds.on(BeginTransactionCommand).rejectsOnce(resuming()).resolves({ transactionId: 'tx-5' });
    rds.on(CommitTransactionCommand).resolves({});
    await database().transaction(() => Promise.resolve());
    expect(rds.commandCalls(BeginTransactionCommand)).toHaveLength(2);
  });

  it('It should stop within the budget and say when to retry', async () => {
    rds.on(ExecuteStatementCommand).rejects(resuming());
    const attempt = database().execute(statement, { n: 1 });
    await expect(attempt).rejects.toThrow(DatabaseResumingError);
    await expect(attempt).rejects.toThrow('The database is resuming from auto-pause; retry in 15 s.');
    // Waits of 10, 20, 40, 40, 40, 40 ms (190 ms) fit the 200 ms budget, the next would not: at
    // most 7 calls, fewer when a loaded machine makes each wait longer — never unboundedly many.
    const calls = rds.commandCalls(ExecuteStatementCommand).length;
    expect(calls).toBeGreaterThan(1);
    expect(calls).toBeLessThanOrEqual(7);
  });

  it('It should not retry at all with a zero budget', async () => {
    rds.on(ExecuteStatementCommand).rejects(resuming());
    await expect(database({ ...quickResume, budgetMs: 0 }).execute(statement, { n: 1 })).rejects.toThrow(
      DatabaseResumingError,
    );
    expect(rds.commandCalls(ExecuteStatementCommand)).toHaveLength(1);
  });
});

describe('Data API request splitting', () => {
  it('It should split a large upsert into requests under the budget, in one transaction', async () => {
    rds.on(BeginTransactionCommand).resolves({ transactionId: 'tx-6' });
    rds.on(ExecuteStatementCommand).resolves({ formattedRecords: '[{"id":"gpt-4o","change":"added"}]' });
    rds.on(CommitTransactionCommand).resolves({});
    const catalog = buildCatalog([...readFixture('model-info-basic.json').data, ...readFixture('model-info-edge.json').data]);
    const rows = catalog.rows.map((row) => ({ row, fingerprint: `fp-${row.id}` }));
    const budget = 20_000;
    await database().transaction((session) => upsertModels(session, rows, { forceUpdate: false, newModelsRestricted: false, requestBudgetBytes: budget, runId: '00000000-0000-4000-8000-000000000006', journalRetentionDays: 180 }));
    const requests = rds.commandCalls(ExecuteStatementCommand).map((call) => call.args[0].input);
    expect(requests.length).toBeGreaterThan(1);
    const sent = requests.flatMap((input) => {
      const value = input.parameters?.find((parameter) => parameter.name === 'rows')?.value?.stringValue ?? '[]';
      expect(Buffer.byteLength(JSON.stringify(value))).toBeLessThanOrEqual(budget + 2);
      expect(input.transactionId).toBe('tx-6');
      return (JSON.parse(value) as { id: string }[]).map((row) => row.id);
    });
    expect(sent).toEqual(catalog.rows.map((row) => row.id));
  });

  it('It should send a request just under the 4 MiB limit', async () => {
    rds.on(ExecuteStatementCommand).resolves({ formattedRecords: '[]' });
    await database().execute(statement, { n: 'x'.repeat(4 * 1024 * 1024 - 1_000) });
    expect(rds.commandCalls(ExecuteStatementCommand)).toHaveLength(1);
  });

  it('It should refuse to send a request over the 4 MiB limit', async () => {
    await expect(database().execute(statement, { n: 'x'.repeat(4 * 1024 * 1024) })).rejects.toThrow(
      /over the Data API's 4 MiB request limit/,
    );
    expect(rds.commandCalls(ExecuteStatementCommand)).toHaveLength(0);
  });
});
