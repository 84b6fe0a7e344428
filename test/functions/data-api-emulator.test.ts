import { DatabaseResumingException, ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataApiDatabase } from '../../lib/db/data-api/database.js';
import { startDataApiEmulator } from '../support/data-api-emulator.js';
import type { DataApiEmulator } from '../support/data-api-emulator.js';
import { startTestPostgres } from '../support/postgres.js';
import type { TestPostgres } from '../support/postgres.js';

let postgres: TestPostgres;
let emulator: DataApiEmulator;
const target = { resourceArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:c', secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:s', database: 'postgres' };
const client = new RDSDataClient({ region: 'eu-west-1' });

beforeAll(async () => {
  postgres = await startTestPostgres();
  emulator = startDataApiEmulator(postgres.connectionString);
});

afterAll(async () => {
  await emulator.close();
  await postgres.stop();
});

describe('the Data API emulator', () => {
  it('It should format records as the Data API does: jsonb and numeric as text, timestamps in UTC without offset', async () => {
    // Act
    const output = await client.send(
      new ExecuteStatementCommand({
        ...target,
        sql: `SELECT :n::int AS n, :big::bigint AS big, 1.50::numeric AS price, true AS flag, NULL AS nothing,
          '{"a":1}'::jsonb AS doc, ARRAY['x','y'] AS tags, '2026-11-26 10:00:00.5+02'::timestamptz AS at`,
        parameters: [
          { name: 'n', value: { longValue: 7 } },
          { name: 'big', value: { stringValue: '9007199254740991' } },
        ],
        formatRecordsAs: 'JSON',
      }),
    );

    // Assess
    expect(JSON.parse(output.formattedRecords ?? '')).toEqual([
      { n: 7, big: 9007199254740991, price: '1.50', flag: true, nothing: null, doc: '{"a": 1}', tags: ['x', 'y'], at: '2026-11-26 08:00:00.5' },
    ]);
  });

  it('It should reject two statements in one call, as the Data API does', async () => {
    // Act
    const call = client.send(new ExecuteStatementCommand({ ...target, sql: 'SELECT 1; SELECT 2' }));

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'DatabaseErrorException' });
  });

  it('It should serve transactions on one connection and roll back on request through the real adapter', async () => {
    // Prepare
    const database = createDataApiDatabase(client, { clusterArn: target.resourceArn, secretArn: target.secretArn, database: 'postgres' });
    await database.execute({ name: 'create', text: 'CREATE TABLE IF NOT EXISTS t (v int)' });

    // Act
    const seen = await database.transaction(
      async (session) => {
        await session.execute({ name: 'insert', text: 'INSERT INTO t VALUES (:v::int)' }, { v: 1 });
        return session.execute({ name: 'count', text: 'SELECT count(*)::int AS c FROM t' });
      },
      { rollbackOnly: true },
    );
    const after = await database.execute({ name: 'count', text: 'SELECT count(*)::int AS c FROM t' });

    // Assess
    expect(seen).toEqual([{ c: 1 }]);
    expect(after).toEqual([{ c: 0 }]);
  });

  it('It should answer injected faults for the given number of calls, then serve again', async () => {
    // Prepare
    emulator.injectFault({
      error: () => new DatabaseResumingException({ message: 'resuming', $metadata: {} }),
      operations: ['ExecuteStatement'],
      times: 1,
    });

    // Act
    const first = client.send(new ExecuteStatementCommand({ ...target, sql: 'SELECT 1 AS one', formatRecordsAs: 'JSON' }));
    await expect(first).rejects.toMatchObject({ name: 'DatabaseResumingException' });
    const second = await client.send(new ExecuteStatementCommand({ ...target, sql: 'SELECT 1 AS one', formatRecordsAs: 'JSON' }));

    // Assess
    expect(second.formattedRecords).toBe('[{"one":1}]');
  });
});
