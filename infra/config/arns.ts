/** ARN-valued settings: the secrets, Aurora cluster and KMS key the stack refers to. */

import { InvalidValue, readText } from './context-reader.js';
import type { ContextReader } from './context-reader.js';

const ARN = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12}):(.+)$/;

export function readSecretArn(read: ContextReader, key: string): string | undefined {
  const text = readText(read, key);
  if (text === undefined) return undefined;
  const match = ARN.exec(text);
  if (match?.[1] !== 'secretsmanager' || !match[4]?.startsWith('secret:')) {
    throw new InvalidValue(
      `${key} must be the complete ARN of a Secrets Manager secret, e.g. arn:aws:secretsmanager:eu-west-1:123456789012:secret:name-AbCdEf`,
    );
  }
  return text;
}

export function readClusterArn(read: ContextReader, key: string): string | undefined {
  const text = readText(read, key);
  if (text === undefined) return undefined;
  const match = ARN.exec(text);
  if (match?.[1] !== 'rds' || !/^cluster:[a-zA-Z][a-zA-Z0-9-]*$/.test(match[4] ?? '')) {
    throw new InvalidValue(`${key} must be an Aurora cluster ARN, e.g. arn:aws:rds:eu-west-1:123456789012:cluster:litemaas`);
  }
  return text;
}

export function readKmsKeyArn(read: ContextReader, key: string): string | undefined {
  const text = readText(read, key);
  if (text === undefined) return undefined;
  const match = ARN.exec(text);
  if (match?.[1] !== 'kms' || !/^key\/[0-9a-f-]{36}$|^key\/mrk-[0-9a-f]{32}$/.test(match[4] ?? '')) {
    throw new InvalidValue(`${key} must be the ARN of a KMS key, e.g. arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
  }
  return text;
}
