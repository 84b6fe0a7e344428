import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startLocalPostgres } from '../../local/embedded-postgres.js';
import { DATABASE_USER } from '../../local/postgres-access.js';
import { lookUpUser } from '../../local/reachable.js';
import { ownServer } from './postgres.js';

/** A real PostgreSQL that only accepts TLS, with a certificate for `localhost` signed by a test CA. */
export interface TlsPostgres {
  /** The server's port on 127.0.0.1. */
  port: number;
  /** The user and password of its superuser (local-only test values). */
  user: string;
  password: string;
  /** PEM file of the CA that signed the server certificate. */
  caFile: string;
  /** A client for arranging and inspecting data, connected over TLS. */
  client: pg.Client;
  stop(): Promise<void>;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

/** A CA and a server certificate it signed, for DNS name `localhost` only (not 127.0.0.1). */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const ca = join(dir, 'ca.crt');
  const caKey = join(dir, 'ca.key');
  const cert = join(dir, 'server.crt');
  const key = join(dir, 'server.key');
  const request = join(dir, 'server.csr');
  const extensions = join(dir, 'server.ext');
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=model-sync test CA', '-keyout', caKey, '-out', ca]);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', key, '-out', request]);
  writeFileSync(extensions, 'subjectAltName=DNS:localhost\n');
  openssl(['x509', '-req', '-in', request, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-days', '2', '-extfile', extensions, '-out', cert]);
  // PostgreSQL refuses a key others can read; as root the server runs as "postgres".
  chmodSync(key, 0o600);
  const postgresUser = lookUpUser('postgres');
  if (userInfo().uid === 0 && postgresUser !== undefined) chownSync(key, postgresUser.uid, postgresUser.gid);
  return { ca, cert, key };
}

/**
 * Client authentication: TCP only over TLS (`hostssl`), so a client that gets in spoke TLS; the
 * private socket keeps the owner's peer sign-in (local/postgres-access.ts), through which the
 * server's TCP password is set.
 */
const TLS_ONLY_HBA = `local all ${DATABASE_USER} peer map=owner\nhostssl all all 127.0.0.1/32 scram-sha-256\n`;

/**
 * Starts an embedded PostgreSQL with `ssl=on`, a CA-signed certificate and an `hba_file` that
 * refuses plain TCP connections.
 */
export async function startTlsPostgres(): Promise<TlsPostgres> {
  const base = mkdtempSync(join(tmpdir(), 'model-sync-tls-pg-'));
  chmodSync(base, 0o755);
  const { ca, cert, key } = makeCertificates(base);
  const hba = join(base, 'pg_hba.conf');
  writeFileSync(hba, TLS_ONLY_HBA);
  chmodSync(hba, 0o644);
  const server = await startLocalPostgres({
    dataDir: join(base, 'pg'),
    persistent: false,
    fast: true,
    tcp: true,
    settings: { ssl: 'on', ssl_cert_file: cert, ssl_key_file: key, hba_file: hba },
    ...ownServer(),
  });
  const url = new URL(server.connectionString);
  const client = new pg.Client({ connectionString: server.connectionString.replace('127.0.0.1', 'localhost'), ssl: { ca: [readFileSync(ca, 'utf8')] } });
  await client.connect();
  return {
    port: Number(url.port),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    caFile: ca,
    client,
    async stop() {
      await client.end();
      await server.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}
