import type { Field, SqlParameter } from '@aws-sdk/client-rds-data';
import type { SqlParameters, SqlValue } from '../port.js';

function toField(value: SqlValue): Field {
  if (value === null) return { isNull: true };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { longValue: value } : { doubleValue: value };
  }
  return { stringValue: value };
}

/** Named parameters as Data API `SqlParameter`s; the SQL casts each one, so no type hints. */
export function toSqlParameters(parameters: SqlParameters): SqlParameter[] {
  return Object.entries(parameters).map(([name, value]) => ({ name, value: toField(value) }));
}
