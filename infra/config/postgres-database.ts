/** `database=postgres`: any PostgreSQL the functions reach from the given VPC subnets. */

import { readKmsKeyArn, readSecretArn } from './arns.js';
import { InvalidValue, readText } from './context-reader.js';
import type { ContextReader } from './context-reader.js';
import type { DatabaseMode, PostgresDatabaseConfig, VpcAttachmentConfig } from './types.js';

/** A DNS name or an IPv4 address: never a URL, a port or credentials. */
const HOST_PATTERN = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/**
 * With `database=postgres`: the secret in RDS's format (`existingDatabaseSecretArn`), the VPC
 * attachment (required: the functions connect over the network), and optionally the database
 * (`databaseName`, else the secret's `dbname`) and a host to use instead of the secret's
 * (`databaseHost`, e.g. an RDS Proxy endpoint). `databaseHost` applies to this mode only.
 */
export function readPostgresDatabase(read: ContextReader, mode: DatabaseMode, vpcAttachment: VpcAttachmentConfig | undefined): PostgresDatabaseConfig | undefined {
  const host = readText(read, 'databaseHost');
  if (mode !== 'postgres') {
    if (host !== undefined) throw new InvalidValue(`databaseHost only applies with database=postgres (got database=${mode})`);
    return undefined;
  }
  const given = ['existingClusterArn', 'existingClusterIdentifier'].filter((key) => readText(read, key) !== undefined);
  if (given.length > 0) throw new InvalidValue(`database=postgres connects over the network, not through the Data API; ${given.join(', ')} only apply with database=existing`);
  const secretArn = readSecretArn(read, 'existingDatabaseSecretArn');
  const missing = [
    secretArn === undefined ? 'existingDatabaseSecretArn (the secret in RDS format: host, port, username, password, dbname)' : undefined,
    vpcAttachment === undefined ? 'vpcId, subnetIds and securityGroupIds (the functions run in your VPC to reach the database)' : undefined,
  ].filter((key): key is string => key !== undefined);
  if (missing.length > 0 || secretArn === undefined) throw new InvalidValue(`database=postgres needs ${missing.join(' and ')}`);
  if (host !== undefined && !HOST_PATTERN.test(host)) {
    throw new InvalidValue(`databaseHost must be a host name such as my-proxy.proxy-abc123.eu-west-1.rds.amazonaws.com, without scheme or port (got "${host}")`);
  }
  const databaseName = readText(read, 'databaseName');
  if (databaseName !== undefined && !/^[a-zA-Z_][a-zA-Z0-9_$]{0,62}$/.test(databaseName)) {
    throw new InvalidValue(`databaseName must be a PostgreSQL database name (letters, digits, underscores; got "${databaseName}")`);
  }
  const secretKmsKeyArn = readKmsKeyArn(read, 'databaseSecretKmsKeyArn');
  return {
    secretArn,
    ...(host === undefined ? {} : { host }),
    ...(databaseName === undefined ? {} : { databaseName }),
    ...(secretKmsKeyArn === undefined ? {} : { secretKmsKeyArn }),
  };
}
