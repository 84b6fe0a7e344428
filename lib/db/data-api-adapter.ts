import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import type { ExecuteStatementCommandInput, Field, RDSDataClient, SqlParameter } from '@aws-sdk/client-rds-data';
import { DatabaseError, DatabaseResumingError, SyncError } from '../errors.js';
import { classifyDatabaseFailure } from './database-errors.js';
import { requestBodyBytes } from './json-size.js';
import type { DatabasePort, SqlParameters, SqlRow, SqlSession, SqlStatement, SqlValue } from './port.js';

/** Which cluster, secret and database the Data API talks to. */
export interface DataApiTarget {
  clusterArn: string;
  secretArn: string;
  database: string;
}

/** How long to wait for an auto-paused Aurora Serverless v2 writer to resume. */
export interface ResumePolicy {
  /** Total time one call may spend waiting for the database to resume. @default 30000 */
  budgetMs: number;
  /** First wait between tries; doubles up to `maxDelayMs`. @default 1000 */
  initialDelayMs: number;
  /** @default 5000 */
  maxDelayMs: number;
  /** What to tell callers when the budget is spent. @default 15 */
  retryAfterSeconds: number;
}

export const DEFAULT_RESUME_POLICY: ResumePolicy = {
  budgetMs: 30_000,
  initialDelayMs: 1_000,
  maxDelayMs: 5_000,
  retryAfterSeconds: 15,
};

/** The Data API's hard request limit. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

function toField(value: SqlValue): Field {
  if (value === null) return { isNull: true };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { longValue: value } : { doubleValue: value };
  }
  return { stringValue: value };
}

/**
 * An upper bound of the request body's size, counted rather than serialized: a 3.5 MB upsert
 * would otherwise be stringified once more just to be measured.
 */
export function estimatedRequestBytes(input: ExecuteStatementCommandInput): number {
  const texts = [input.resourceArn ?? '', input.secretArn ?? '', input.database ?? '', input.sql ?? ''];
  for (const parameter of input.parameters ?? []) texts.push(parameter.name ?? '', parameter.value?.stringValue ?? '');
  // Room for the other fields (transaction id, flags, numbers) and the keys of every field.
  return requestBodyBytes(texts, texts.length + 4);
}

/** Named parameters as Data API `SqlParameter`s; the SQL casts each one, so no type hints. */
export function toSqlParameters(parameters: SqlParameters): SqlParameter[] {
  return Object.entries(parameters).map(([name, value]) => ({ name, value: toField(value) }));
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const SERVICE_FAILURES: Record<string, string> = {
  TransactionNotFoundException:
    'The database transaction expired or was aborted (the Data API ends transactions idle for 3 minutes); nothing was changed. Run the sync again.',
  AccessDeniedException:
    'The Data API refused access: allow this function rds-data actions on the cluster and secretsmanager:GetSecretValue on the database secret.',
  ForbiddenException:
    'The Data API refused access: allow this function rds-data actions on the cluster and secretsmanager:GetSecretValue on the database secret.',
  HttpEndpointNotEnabledException:
    'The Data API is not enabled on the Aurora cluster: enable its HTTP endpoint (Data API).',
  SecretsErrorException:
    'The Data API could not use the database secret: check DB_SECRET_ARN and that the secret holds the cluster credentials.',
  DatabaseNotFoundException: 'The database named by DB_NAME does not exist on the cluster.',
  StatementTimeoutException:
    'A sync statement took longer than the Data API allows; nothing was changed. Run the sync again.',
  DatabaseUnavailableException: 'The database is unavailable right now; nothing was changed. Retry later.',
  InternalServerErrorException: 'The Data API failed internally; nothing was changed. Retry later.',
  ServiceUnavailableError: 'The Data API is unavailable right now; nothing was changed. Retry later.',
};

function toSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const name = errorName(error);
  const message = errorMessage(error);
  if (name === 'NotFoundException' && /transaction/i.test(message)) {
    return new DatabaseError(SERVICE_FAILURES.TransactionNotFoundException ?? message, { cause: error });
  }
  const known = SERVICE_FAILURES[name];
  if (known !== undefined) return new DatabaseError(known, { cause: error });
  if (name === 'DatabaseErrorException' || name === 'BadRequestException') {
    return classifyDatabaseFailure(message, error);
  }
  return new DatabaseError(`Could not reach the RDS Data API (${name}); nothing was changed. Retry later.`, {
    cause: error,
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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

  async function call<T>(send: () => Promise<T>): Promise<T> {
    const started = Date.now();
    let delay = resumePolicy.initialDelayMs;
    for (;;) {
      try {
        return await send();
      } catch (error) {
        if (errorName(error) !== 'DatabaseResumingException') throw toSyncError(error);
        if (Date.now() - started + delay > resumePolicy.budgetMs) {
          throw new DatabaseResumingError(resumePolicy.retryAfterSeconds, { cause: error });
        }
        await sleep(delay);
        delay = Math.min(delay * 2, resumePolicy.maxDelayMs);
      }
    }
  }

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
    const requestBytes = estimatedRequestBytes(input);
    if (requestBytes > MAX_REQUEST_BYTES) {
      throw new DatabaseError(
        `Statement ${statement.name} would send ${requestBytes} bytes, over the Data API's 4 MiB request limit.`,
      );
    }
    const output = await call(() => client.send(new ExecuteStatementCommand(input)));
    if (output.formattedRecords === undefined || output.formattedRecords === '') return [];
    return JSON.parse(output.formattedRecords) as SqlRow[];
  }

  /**
   * Commits. A failure here may come after the commit took effect (a lost answer the SDK retried
   * into "transaction not found"), so it must not be reported as "nothing was changed".
   */
  async function commit(transactionId: string): Promise<void> {
    try {
      await call(() => client.send(new CommitTransactionCommand({ ...base, transactionId })));
    } catch (error) {
      if (error instanceof DatabaseResumingError) throw error;
      const cause = error instanceof SyncError ? error.cause : error;
      throw new DatabaseError(
        `The database did not confirm the commit (${errorName(cause)}); the changes may or may not ` +
          'be saved. Run the sync again: it writes whatever is still missing.',
        { cause: error },
      );
    }
  }

  return {
    execute: (statement, parameters) => execute(statement, parameters),

    async transaction(work, options = {}) {
      const { transactionId } = await call(() => client.send(new BeginTransactionCommand(base)));
      if (transactionId === undefined) throw new DatabaseError('The Data API started no transaction.');
      const session: SqlSession = {
        execute: (statement, parameters) => execute(statement, parameters, transactionId),
      };
      try {
        const result = await work(session);
        if (options.rollbackOnly === true) {
          await call(() => client.send(new RollbackTransactionCommand({ ...base, transactionId })));
        } else {
          await commit(transactionId);
        }
        return result;
      } catch (error) {
        try {
          await client.send(new RollbackTransactionCommand({ ...base, transactionId }));
        } catch {
          // Already gone: expired or aborted, which rolled it back anyway.
        }
        // Statement failures were already translated by execute(); anything else passes unchanged.
        throw error;
      }
    },
  };
}
