/**
 * TLS for node-postgres connection URLs. `sslmode` in a URL is given libpq's meaning (what psql and
 * every PostgreSQL tool does): `require` encrypts, `verify-ca` and `verify-full` also check the
 * certificate against `sslrootcert` (or Node's trusted CAs). pg 8 otherwise treats `require` as
 * `verify-full` and prints a security warning about the coming change on every run.
 */
export function withLibpqSslModes(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return connectionString;
  }
  if (!url.searchParams.has('sslmode') || url.searchParams.has('uselibpqcompat')) return connectionString;
  url.searchParams.set('uselibpqcompat', 'true');
  return url.toString();
}

const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** What a connection failure message tells the reader to check, for where the settings came from. */
export interface ConnectionAdvice {
  /** Where the host, port, user and database are set, e.g. "Check DATABASE_URL." */
  readonly check: string;
  /** Ends "the server does not support SSL, but …": who asked for TLS and what to do. */
  readonly noTls: string;
  /** How to make the client trust the CA that signed the server's certificate. */
  readonly trustCa: string;
}

const URL_CA_HINT =
  'Pass the CA that signed the server certificate with sslrootcert=/path/to/ca.pem in DATABASE_URL ' +
  '(for Amazon RDS and Aurora, the bundle from https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem).';

/** The advice for a connection URL (the CLI's `DATABASE_URL`). */
export const DATABASE_URL_ADVICE: ConnectionAdvice = {
  check: 'Check DATABASE_URL.',
  noTls: 'DATABASE_URL asks for it (sslmode). Enable SSL on the server, or drop sslmode from DATABASE_URL on a trusted network.',
  trustCa: URL_CA_HINT,
};

/** A connection failure caused by TLS, said so a person can fix it; undefined for anything else. */
export function describeTlsFailure(error: unknown, advice: ConnectionAdvice = DATABASE_URL_ADVICE): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : '';
  if (/server does not support SSL/i.test(message)) {
    return `the server does not support SSL, but ${advice.noTls}`;
  }
  if (/sslmode=verify-ca requires specifying a CA/.test(message)) {
    return `sslmode=verify-ca checks the certificate against a CA that DATABASE_URL does not name. ${advice.trustCa}`;
  }
  if (typeof code === 'string' && CERTIFICATE_CODES.has(code)) {
    return `the server's TLS certificate was not accepted (${code}). ${advice.trustCa}`;
  }
  const path = (error as { path?: unknown } | undefined)?.path;
  if (code === 'ENOENT' && typeof path === 'string') {
    return `the certificate file ${path} named in DATABASE_URL (sslrootcert, sslcert or sslkey) does not exist. ${advice.trustCa}`;
  }
  return undefined;
}
