import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPostgres } from '../../local/embedded-postgres.js';
import type { LocalPostgres } from '../../local/embedded-postgres.js';
import { lookUpUser } from '../../local/reachable.js';
import { startLiteLLMStandIn } from '../../local/litellm-stand-in.js';
import type { LiteLLMStandIn } from '../../local/litellm-stand-in.js';
import { readFixture } from '../support/fixtures.js';
import { ownServer, startTestPostgres } from '../support/postgres.js';
import type { TestPostgres } from '../support/postgres.js';
import { oneLine, runCli } from '../support/run-cli.js';

let plain: TestPostgres;
let withTls: LocalPostgres;
let litellm: LiteLLMStandIn;
let base: string;
let certificate: string;

/** A self-signed certificate for localhost, readable by the server's user. */
function makeCertificate(): { cert: string; key: string } {
  const cert = join(base, 'server.crt');
  const key = join(base, 'server.key');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  // PostgreSQL refuses a key others can read; as root the server runs as "postgres".
  chmodSync(key, 0o600);
  const postgresUser = lookUpUser('postgres');
  if (userInfo().uid === 0 && postgresUser !== undefined) chownSync(key, postgresUser.uid, postgresUser.gid);
  return { cert, key };
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'model-sync-tls-'));
  chmodSync(base, 0o755);
  const { cert, key } = makeCertificate();
  certificate = cert;
  // A database on the run's server, which has no TLS.
  plain = await startTestPostgres();
  withTls = await startLocalPostgres({
    dataDir: join(base, 'pg'),
    persistent: false,
    fast: true,
    tcp: true,
    settings: { ssl: 'on', ssl_cert_file: cert, ssl_key_file: key },
    ...ownServer(),
  });
  litellm = await startLiteLLMStandIn({ body: readFixture('model-info-basic.json') });
}, 60_000);
afterAll(async () => {
  await litellm?.close();
  await withTls?.stop();
  await plain?.stop();
  rmSync(base, { recursive: true, force: true });
});

function env(databaseUrl: string): Record<string, string> {
  return { LITELLM_API_URL: litellm.url, LITELLM_API_KEY: 'sk-tls-test', DATABASE_URL: databaseUrl };
}

/** The TLS server's URL on host name localhost (what its certificate names), with query settings. */
function tlsUrl(query: string): string {
  return `${withTls.connectionString.replace('127.0.0.1', 'localhost')}?${query}`;
}

describe('DATABASE_URL with sslmode', () => {
  it('It should say the server does not support SSL when sslmode=require meets a server without it', async () => {
    const run = await runCli(['--dry-run'], env(`${plain.connectionString}?sslmode=require`));
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toMatch(/Could not connect to PostgreSQL at \/\S+\/socket:5432\/test_\w+: the server does not support SSL/);
    expect(run.stderr).not.toContain('local-model-sync');
  });

  it('It should connect with sslmode=require and print no security warning', async () => {
    const run = await runCli(['--dry-run', '--json'], env(tlsUrl('sslmode=require')));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ success: true, totalModels: 4 });
  });

  it('It should name the certificate problem and how to pass a CA bundle when verify-full cannot verify', async () => {
    const run = await runCli(['--dry-run'], env(tlsUrl('sslmode=verify-full')));
    expect(run.code).toBe(1);
    const line = oneLine(run.stderr);
    expect(line).toMatch(/TLS certificate was not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
    expect(line).toMatch(/sslrootcert=.*global-bundle\.pem/);
  });

  it('It should verify with sslrootcert and sslmode=verify-full', async () => {
    const run = await runCli(['--dry-run', '--json'], env(tlsUrl(`sslmode=verify-full&sslrootcert=${certificate}`)));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('It should name a missing sslrootcert file', async () => {
    const run = await runCli(['--dry-run'], env(tlsUrl('sslmode=verify-full&sslrootcert=/nonexistent/global-bundle.pem')));
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toMatch(/certificate file \/nonexistent\/global-bundle\.pem named in DATABASE_URL .* does not exist/);
  });
});
