/**
 * The database port: the only way the sync talks to PostgreSQL. Two adapters implement it,
 * one over the RDS Data API and one over node-postgres, and both run the same SQL texts.
 *
 * Conventions every statement follows so that both adapters return identical rows:
 * - parameters are named (`:name`) and every use carries an explicit cast (`:rows::jsonb`);
 * - result columns are only text, integer (`::int`) or boolean — numerics, jsonb and timestamps
 *   are cast to text in SQL;
 * - a statement whose rows are read is a SELECT (`WITH … RETURNING …) SELECT …` for writes): the
 *   Data API formats records as JSON for SELECT statements only.
 */

/** One SQL text, written once and used by both adapters. `name` identifies it in logs and tests. */
export interface SqlStatement {
  readonly name: string;
  readonly text: string;
}

export type SqlValue = string | number | boolean | null;
export type SqlParameters = Readonly<Record<string, SqlValue>>;
export type SqlRow = Record<string, string | number | boolean | null>;

/** Something that runs one statement: the database itself, or an open transaction. */
export interface SqlSession {
  execute(statement: SqlStatement, parameters?: SqlParameters): Promise<SqlRow[]>;
}

export interface TransactionOptions {
  /** Roll back even when the work succeeds (dry runs see real results and change nothing). */
  rollbackOnly?: boolean;
}

export interface DatabasePort extends SqlSession {
  /** Runs `work` in one transaction: commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/** Data API limits (4 MiB request, 1 MiB response) with room for the SQL text and JSON envelope. */
export const REQUEST_BUDGET_BYTES = 3_500_000;
// Read pages count raw bytes, but the Data API escapes them again inside formattedRecords (JSON
// text of JSON text): 400 kB leaves room for that to more than double under the 1 MiB limit.
export const RESPONSE_BUDGET_BYTES = 400_000;
