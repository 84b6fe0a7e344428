import { ExecuteStatementCommand } from '@aws-sdk/client-rds-data';
import type { ExecuteStatementCommandInput, RDSDataClient } from '@aws-sdk/client-rds-data';
import { DatabaseError } from '../../errors.js';
import type { DatabasePort, SqlParameters, SqlRow, SqlStatement } from '../port.js';
import { toSqlParameters } from './fields.js';
import { DEFAULT_RESUME_POLICY, withResumeRetry } from './resume.js';
import type { ResumePolicy } from './resume.js';
import { runDataApiTransaction } from './transaction.js';

/** Which cluster, secret and database the Data API talks to. */
export interface DataApiTarget {
  clusterArn: string;
  secretArn: string;
  database: string;
}

/** The Data API's hard request limit. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/**
 * A database port over the RDS Data API. Reads use `formatRecordsAs: 'JSON'`; a
 * `DatabaseResumingException` (which the SDK does not retry) is retried with backoff within the
 * resume budget, then reported as "database is resuming, retry in N s".
 */
export function createDataApiDatabase(
  client: RDSDataClient,
  target: DataApiTarget,
  resumePolicy: ResumePolicy = DEFAULT_RESUME_POLICY,
): DatabasePort {
  const base = { resourceArn: target.clusterArn, secretArn: target.secretArn, database: target.database };
  const call = <T>(send: () => Promise<T>): Promise<T> => withResumeRetry(resumePolicy, send);

  async function execute(
    statement: SqlStatement,
    parameters: SqlParameters = {},
    transactionId?: string,
  ): Promise<SqlRow[]> {
    const input: ExecuteStatementCommandInput = {
      ...base,
      sql: statement.text,
      parameters: toSqlParameters(parameters),
      formatRecordsAs: 'JSON',
      ...(transactionId === undefined ? {} : { transactionId }),
    };
    // The SDK sends `input` as this JSON body. Serializing it once more to measure it costs about
    // 9 ms per 3.4 MB request (a byte counter written by hand was no faster).
    const requestBytes = Buffer.byteLength(JSON.stringify(input));
    if (requestBytes > MAX_REQUEST_BYTES) {
      throw new DatabaseError(
        `Statement ${statement.name} would send ${requestBytes} bytes, over the Data API's 4 MiB request limit.`,
      );
    }
    const output = await call(() => client.send(new ExecuteStatementCommand(input)));
    if (output.formattedRecords === undefined || output.formattedRecords === '') return [];
    return JSON.parse(output.formattedRecords) as SqlRow[];
  }

  return {
    execute: (statement, parameters) => execute(statement, parameters),
    transaction: (work, options = {}) =>
      runDataApiTransaction(
        client,
        base,
        call,
        (transactionId) => ({ execute: (statement, parameters) => execute(statement, parameters, transactionId) }),
        work,
        options,
      ),
  };
}
