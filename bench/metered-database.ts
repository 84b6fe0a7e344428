import { setTimeout as sleep } from 'node:timers/promises';
import { toSqlParameters } from '../lib/db/data-api/fields.js';
import type { DatabasePort, SqlParameters, SqlRow, SqlSession, SqlStatement } from '../lib/db/port.js';

/**
 * How the simulated Data API latency is applied:
 * - `sleep`: really wait before each round trip, so wall time is measured end to end;
 * - `account`: do not wait, add latency × round trips to the measured time afterwards
 *   (used where sleeping would take minutes; the report marks those numbers as computed).
 */
export type LatencyMode = 'sleep' | 'account';

/** What one sync cost at the database port. */
export interface PortMeter {
  roundTrips: number;
  /** Bytes of every request as the Data API would receive it (JSON body of each call). */
  requestBytes: number;
  largestRequestBytes: number;
  /** Bytes of the rows returned (the Data API's `formattedRecords`), for its 1 MiB response limit. */
  largestResponseBytes: number;
  /** Latency added (slept or accounted) over all round trips. */
  latencyMs: number;
  /** Time spent waiting for PostgreSQL (statements, BEGIN, COMMIT), without the added latency. */
  databaseMs: number;
}

export interface MeteredDatabase extends DatabasePort {
  readonly meter: PortMeter;
}

// Placeholder ARNs of realistic length: they are part of every Data API request body.
const ENVELOPE = {
  resourceArn: 'arn:aws:rds:us-east-1:123456789012:cluster:litemaas-models',
  secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:litemaas-db-AbCdEf',
  database: 'litemaas',
};
// A Data API transaction id is a base64 string of about this length.
const TRANSACTION_ID = 'x'.repeat(184);

/**
 * Wraps a database port so that it behaves, in cost, like the RDS Data API: every statement is one
 * HTTP round trip, a transaction adds BeginTransaction and Commit/RollbackTransaction calls, each
 * call pays `latencyMs`, and request sizes are those of the Data API's JSON bodies.
 */
export function meterDatabase(inner: DatabasePort, latencyMs: number, mode: LatencyMode): MeteredDatabase {
  const meter: PortMeter = {
    roundTrips: 0,
    requestBytes: 0,
    largestRequestBytes: 0,
    largestResponseBytes: 0,
    latencyMs: 0,
    databaseMs: 0,
  };

  async function timed<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      meter.databaseMs += performance.now() - started;
    }
  }

  async function roundTrip(body: object): Promise<void> {
    const bytes = Buffer.byteLength(JSON.stringify(body));
    meter.roundTrips += 1;
    meter.requestBytes += bytes;
    meter.largestRequestBytes = Math.max(meter.largestRequestBytes, bytes);
    meter.latencyMs += latencyMs;
    if (mode === 'sleep' && latencyMs > 0) await sleep(latencyMs);
  }

  async function execute(
    session: SqlSession,
    statement: SqlStatement,
    parameters: SqlParameters,
    inTransaction: boolean,
  ): Promise<SqlRow[]> {
    await roundTrip({
      ...ENVELOPE,
      sql: statement.text,
      parameters: toSqlParameters(parameters),
      formatRecordsAs: 'JSON',
      ...(inTransaction ? { transactionId: TRANSACTION_ID } : {}),
    });
    const rows = await timed(() => session.execute(statement, parameters));
    meter.largestResponseBytes = Math.max(meter.largestResponseBytes, Buffer.byteLength(JSON.stringify(rows)));
    return rows;
  }

  return {
    meter,
    execute: (statement, parameters = {}) => execute(inner, statement, parameters, false),
    async transaction(work, options = {}) {
      await roundTrip(ENVELOPE); // BeginTransaction
      // Database time of a transaction: its statements (timed in execute) plus what it spends
      // outside `work` — taking a connection, BEGIN, COMMIT.
      const started = performance.now();
      let workMs = 0;
      try {
        return await inner.transaction(async (session) => {
          const workStarted = performance.now();
          try {
            return await work({
              execute: (statement, parameters = {}) => execute(session, statement, parameters, true),
            });
          } finally {
            workMs = performance.now() - workStarted;
          }
        }, options);
      } finally {
        meter.databaseMs += performance.now() - started - workMs;
        await roundTrip({ ...ENVELOPE, transactionId: TRANSACTION_ID }); // Commit or RollbackTransaction
      }
    },
  };
}
