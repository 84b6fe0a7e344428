import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { ConfigError } from '../errors.js';

/** PostgreSQL's default (`scram_iterations`). */
const ITERATIONS = 4096;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802, 7677), computed here so
 * that `CREATE ROLE … PASSWORD` receives the verifier, never the password: PostgreSQL stores a
 * verifier given in this form as it is, as `psql`'s `\password` does. A new random salt each time.
 * Only printable ASCII is accepted: SASLprep leaves it unchanged, so the verifier is exactly the one
 * the server would compute (the stack generates letters and digits).
 *
 * @example
 * scramSha256Verifier('s3cret') // 'SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>'
 */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16)): string {
  if (!/^[\x20-\x7e]+$/.test(password)) {
    throw new ConfigError('A database role password must be printable ASCII characters (the stack generates letters and digits).');
  }
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest('base64');
  const serverKey = createHmac('sha256', salted).update('Server Key').digest('base64');
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey}:${serverKey}`;
}
