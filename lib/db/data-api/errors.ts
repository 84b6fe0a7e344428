import { DatabaseError, SyncError } from '../../errors.js';
import { classifyDatabaseFailure } from '../database-errors.js';

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

const ACCESS_DENIED =
  'The Data API refused access: allow this function rds-data actions on the cluster and secretsmanager:GetSecretValue on the database secret.';

const SERVICE_FAILURES: Record<string, string> = {
  TransactionNotFoundException:
    'The database transaction expired or was aborted (the Data API ends transactions idle for 3 minutes); nothing was changed. Run the sync again.',
  AccessDeniedException: ACCESS_DENIED,
  ForbiddenException: ACCESS_DENIED,
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

/** A Data API (SDK) failure as the error a person can act on; SQL failures read as with node-postgres. */
export function toSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
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
