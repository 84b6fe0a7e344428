import type { ExecuteStatementCommandInput } from '@aws-sdk/client-rds-data';
import { DatabaseError } from '../../errors.js';
import { requestBodyBytes } from '../json-size.js';

/** The Data API's hard request limit. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

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

/** Refuses, before sending, a statement the Data API would reject for its size. */
export function assertWithinRequestLimit(statementName: string, input: ExecuteStatementCommandInput): void {
  const requestBytes = estimatedRequestBytes(input);
  if (requestBytes > MAX_REQUEST_BYTES) {
    throw new DatabaseError(
      `Statement ${statementName} would send ${requestBytes} bytes, over the Data API's 4 MiB request limit.`,
    );
  }
}
