import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPostgres } from '../../local/embedded-postgres.js';
import type { LocalPostgres } from '../../local/embedded-postgres.js';
import { ownServer } from '../support/postgres.js';
import { oneLine, runCli, runCliProcess } from '../support/run-cli.js';

/** Database passwords on the command line and in URLs (issue 17): refused before anything connects. */
/**
 * A server of its own, over TCP with a password: the run's shared server is reached through a
 * private Unix socket without one, and these tests are about passwords.
 */
let server: LocalPostgres;
const db = { url: '' };
/** A TCP server standing where a password's tail would point: it must never be called. */
let trap: Server;
let trapPort: number;
let trapConnections = 0;
const scratch = mkdtempSync(join(tmpdir(), 'model-sync-pgpass-'));
/** The server's data directory's parent: as root the server runs as "postgres", who must enter it. */
const serverParent = mkdtempSync(join(tmpdir(), 'model-sync-pgpass-server-'));
chmodSync(serverParent, 0o755);

beforeAll(async () => {
  server = await startLocalPostgres({ dataDir: join(serverParent, 'pg'), persistent: false, fast: true, tcp: true, ...ownServer() });
  db.url = server.connectionString;
  trap = createServer((socket) => {
    trapConnections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapPort = (trap.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => trap.close(resolve));
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
  rmSync(serverParent, { recursive: true, force: true });
});

/** The test database's URL with the password taken out, and that password. */
function withoutPassword(): { url: string; password: string } {
  const url = new URL(db.url);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), password };
}

describe('a password in --database-url', () => {
  it('It should be refused, for every command, pointing to DATABASE_URL or a pgpass file, and never printed', async () => {
    const { password } = withoutPassword();
    for (const command of [[], ['runs'], ['status'], ['models']]) {
      const run = await runCli([...command, '--database-url', db.url], { LITELLM_API_URL: 'http://127.0.0.1:9', LITELLM_API_KEY: 'sk-x' });
      expect(run.code).toBe(2);
      expect(oneLine(run.stderr)).toMatch(/--database-url carries a password, which other users can read in the process list \(ps\).*DATABASE_URL.*pgpass/);
      expect(run.stderr + run.stdout).not.toContain(password);
    }
  });

  it('It should be refused as a password= query parameter too', async () => {
    const { url, password } = withoutPassword();
    const run = await runCli(['runs', '--database-url', `${url}?password=${encodeURIComponent(password)}`], {});
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/--database-url carries a password/);
  });

  it('It should take the password from a pgpass file instead, quietly', async () => {
    const { url, password } = withoutPassword();
    const target = new URL(url);
    const passFile = join(scratch, 'pgpass');
    writeFileSync(passFile, `${target.hostname}:${target.port}:*:${decodeURIComponent(target.username)}:${password}\n`, { mode: 0o600 });
    // A process of its own: node-postgres reads PGPASSFILE from the process environment, and the
    // notice this must not print is a process-wide one.
    const run = await runCliProcess(['runs', '--database-url', url], { PGPASSFILE: passFile });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^No runs recorded yet/);
  });
});

describe('a password with an unencoded "@" or "#"', () => {
  it('It should get one clear line and connect nowhere, least of all to a host built from the password\'s tail', async () => {
    const base = new URL(db.url);
    const user = decodeURIComponent(base.username);
    const place = `${base.host}${base.pathname}`;
    const passwords = [`s3cret@127.0.0.1:${trapPort}#tail`, `hunter@two`, `#hunter2`];
    for (const password of passwords) {
      const run = await runCli(['runs'], { DATABASE_URL: `postgres://${user}:${password}@${place}` });
      expect(run.code).toBe(2);
      expect(oneLine(run.stderr)).toMatch(/DATABASE_URL has an unencoded "@" or "#" in its password.*%40.*%23/);
      for (const part of password.split(/[@#:]/).filter((piece) => piece.length > 3)) expect(run.stderr).not.toContain(part);
    }
    expect(trapConnections).toBe(0);
  });

  it('It should still accept those characters percent-encoded', async () => {
    const base = new URL(db.url);
    const encoded = `postgres://${base.username}:${encodeURIComponent('p@ss#word')}@${base.host}${base.pathname}`;
    const run = await runCli(['runs'], { DATABASE_URL: encoded });
    expect(run.code).not.toBe(2);
    expect(run.stderr).not.toMatch(/unencoded/);
  });
});
