import { randomUUID } from 'node:crypto';
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  DatabaseErrorException,
  ExecuteStatementCommand,
  NotFoundException,
  RDSDataClient,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import type { ExecuteStatementCommandInput, Field, SqlParameter } from '@aws-sdk/client-rds-data';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import pg from 'pg';
import { toPositional } from '../../lib/db/postgres/named-parameters.js';
import type { SqlValue } from '../../lib/db/port.js';

/** The Data API operations the emulator serves. */
type DataApiOperation = 'ExecuteStatement' | 'BeginTransaction' | 'CommitTransaction' | 'RollbackTransaction';

/** A fault: the error to throw instead of serving a call, for which calls, and how many times. */
interface DataApiFault {
  error: () => Error;
  /** Calls it applies to. @default every operation */
  operations?: DataApiOperation[];
  /** How many matching calls fail before the fault is spent. @default Infinity */
  times?: number;
}

/** One call the emulator received, for assertions. */
interface DataApiCall {
  operation: DataApiOperation;
  sql?: string;
  transactionId?: string;
  /** True when a fault answered it instead of PostgreSQL. */
  faulted: boolean;
}

/**
 * The RDS Data API, emulated over a real PostgreSQL: `mockClient(RDSDataClient)` whose calls run
 * on node-postgres, so every `RDSDataClient` the code under test creates talks to that server.
 */
export interface DataApiEmulator {
  /** The underlying aws-sdk-client-mock stub, e.g. to assert on the commands received. */
  readonly mock: AwsClientStub<RDSDataClient>;
  readonly calls: DataApiCall[];
  /** Answer matching calls with an error (e.g. `DatabaseResumingException`) until spent. */
  injectFault(fault: DataApiFault): void;
  clearFaults(): void;
  /** Rolls back open transactions, closes the pool and restores the real client. */
  close(): Promise<void>;
}

const OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  json: 114,
  float4: 700,
  float8: 701,
  timestamp: 1114,
  timestamptz: 1184,
  jsonb: 3802,
} as const;

/**
 * Values as the Data API's `formatRecordsAs: 'JSON'` gives them: integers and floats as numbers,
 * booleans as booleans, arrays as arrays, timestamps as `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC,
 * and everything else, json/jsonb and numeric included, as the text PostgreSQL sends.
 */
function dataApiTypeParser(oid: number): (text: string) => unknown {
  switch (oid) {
    case OID.bool:
      return (text) => text === 't';
    case OID.int2:
    case OID.int4:
    case OID.int8:
    case OID.float4:
    case OID.float8:
      return Number;
    case OID.timestamp:
    case OID.timestamptz:
      return (text) => text.replace(/[+-]\d\d(:\d\d)?$/, '');
    case OID.json:
    case OID.jsonb:
      return (text) => text;
    default: {
      const parser = pg.types.getTypeParser(oid, 'text') as (text: string) => unknown;
      // pg parses arrays (and a few others) itself; scalars it would leave as text anyway.
      return (text) => {
        const parsed = parser(text);
        return Array.isArray(parsed) ? parsed : text;
      };
    }
  }
}

const DATA_API_TYPES = { getTypeParser: dataApiTypeParser };

function fieldValue(field: Field | undefined): SqlValue {
  if (field === undefined || field.isNull === true) return null;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.stringValue !== undefined) return field.stringValue;
  throw new Error('The Data API emulator supports isNull, boolean, long, double and string fields only.');
}

function namedValues(parameters: SqlParameter[] | undefined): Record<string, SqlValue> {
  const values: Record<string, SqlValue> = {};
  for (const parameter of parameters ?? []) {
    if (parameter.name !== undefined) values[parameter.name] = fieldValue(parameter.value);
  }
  return values;
}

function sqlError(error: unknown): Error {
  const { message, code } = error as { message?: string; code?: string };
  return new DatabaseErrorException({
    message: `ERROR: ${message ?? String(error)}${code === undefined ? '' : `; SQLState: ${code}`}`,
    $metadata: {},
  });
}

function transactionNotFound(transactionId: string | undefined): Error {
  return new NotFoundException({ message: `Transaction ${transactionId ?? ''} isn't found`, $metadata: {} });
}

/** The user a secret signs in as, like the real Data API; undefined: the server's own user. */
export type DataApiSignIn = (secretArn: string | undefined) => { username: string; password: string } | undefined;

/**
 * Starts serving `RDSDataClient` calls from the PostgreSQL at `connectionString`, each signed in as
 * the user of its `secretArn` when `signIn` names one.
 *
 * @example
 * const dataApi = startDataApiEmulator(postgres.connectionString);
 * dataApi.injectFault({ error: () => new DatabaseResumingException({ message: 'resuming', $metadata: {} }), times: 2 });
 */
export function startDataApiEmulator(connectionString: string, signIn: DataApiSignIn = () => undefined): DataApiEmulator {
  const pools = new Map<string, pg.Pool>();
  /** One pool per user, as the secret of the call says. */
  function poolFor(secretArn: string | undefined): pg.Pool {
    const user = signIn(secretArn);
    const url = new URL(connectionString);
    if (user !== undefined) {
      url.username = encodeURIComponent(user.username);
      url.password = encodeURIComponent(user.password);
    }
    const key = url.toString();
    let pool = pools.get(key);
    if (pool === undefined) {
      // UTC like Aurora's Data API, which gives timestamps without an offset.
      pool = new pg.Pool({ connectionString: key, max: 6, options: '-c TimeZone=UTC' });
      pool.on('error', () => undefined);
      pools.set(key, pool);
    }
    return pool;
  }
  const transactions = new Map<string, pg.PoolClient>();
  const faults: DataApiFault[] = [];
  const calls: DataApiCall[] = [];
  const mock = mockClient(RDSDataClient);

  /** Throws the first matching fault's error, if any, and records the call. */
  function enter(operation: DataApiOperation, sql?: string, transactionId?: string): void {
    const fault = faults.find(
      (candidate) => (candidate.times ?? Infinity) > 0 && (candidate.operations?.includes(operation) ?? true),
    );
    calls.push({ operation, sql, transactionId, faulted: fault !== undefined });
    if (fault === undefined) return;
    fault.times = (fault.times ?? Infinity) - 1;
    throw fault.error();
  }

  async function run(client: pg.Pool | pg.PoolClient, input: ExecuteStatementCommandInput): Promise<unknown[]> {
    const { text, values } = toPositional(input.sql ?? '', namedValues(input.parameters));
    try {
      // Extended protocol, like the Data API: one statement per call, `a; b` is rejected.
      const result = await client.query({ text, values, types: DATA_API_TYPES, queryMode: 'extended' } as pg.QueryConfig);
      return result.rows as unknown[];
    } catch (error) {
      throw sqlError(error);
    }
  }

  async function finish(transactionId: string | undefined, command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const client = transactionId === undefined ? undefined : transactions.get(transactionId);
    if (client === undefined || transactionId === undefined) throw transactionNotFound(transactionId);
    transactions.delete(transactionId);
    try {
      await client.query(command);
      client.release();
    } catch (error) {
      client.release(true);
      throw sqlError(error);
    }
  }

  mock.on(ExecuteStatementCommand).callsFake(async (input: ExecuteStatementCommandInput) => {
    enter('ExecuteStatement', input.sql, input.transactionId);
    let client: pg.Pool | pg.PoolClient = poolFor(input.secretArn);
    if (input.transactionId !== undefined) {
      const transaction = transactions.get(input.transactionId);
      if (transaction === undefined) throw transactionNotFound(input.transactionId);
      client = transaction;
    }
    const rows = await run(client, input);
    return input.formatRecordsAs === 'JSON'
      ? { formattedRecords: JSON.stringify(rows), numberOfRecordsUpdated: 0 }
      : { numberOfRecordsUpdated: rows.length };
  });

  mock.on(BeginTransactionCommand).callsFake(async (input: { secretArn?: string }) => {
    enter('BeginTransaction');
    const client = await poolFor(input.secretArn).connect().catch((error: unknown) => {
      throw sqlError(error);
    });
    await client.query('BEGIN');
    const transactionId = randomUUID();
    transactions.set(transactionId, client);
    return { transactionId };
  });

  mock.on(CommitTransactionCommand).callsFake(async (input: { transactionId?: string }) => {
    enter('CommitTransaction', undefined, input.transactionId);
    await finish(input.transactionId, 'COMMIT');
    return { transactionStatus: 'Transaction Committed' };
  });

  mock.on(RollbackTransactionCommand).callsFake(async (input: { transactionId?: string }) => {
    enter('RollbackTransaction', undefined, input.transactionId);
    await finish(input.transactionId, 'ROLLBACK');
    return { transactionStatus: 'Rollback Complete' };
  });

  return {
    mock,
    calls,
    injectFault: (fault) => {
      faults.push({ ...fault });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    async close() {
      for (const [id, client] of transactions) {
        transactions.delete(id);
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(true);
      }
      mock.restore();
      for (const pool of pools.values()) await pool.end();
    },
  };
}
