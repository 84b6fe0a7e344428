import { ExecuteStatementCommand } from '@aws-sdk/client-rds-data';
import type { ExecuteStatementCommandInput, RDSDataClient } from '@aws-sdk/client-rds-data';
import type { DatabasePort, SqlParameters, SqlRow, SqlStatement } from '../port.js';
import { toSqlParameters } from './fields.js';
import { assertWithinRequestLimit } from './request-size.js';
import { DEFAULT_RESUME_POLICY, withResumeRetry } from './resume.js';
import type { ResumePolicy } from './resume.js';
import { runDataApiTransaction } from './transaction.js';

/** Which cluster, secret and database the Data API talks to. */
export interface DataApiTarget {
  clusterArn: string;
  secretArn: string;
  database: string;
}

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
    assertWithinRequestLimit(statement.name, input);
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
