import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalPostgresUnusableError } from './unusable.js';

/**
 * Who may connect to the embedded PostgreSQL, and how. By default nobody over TCP (no listener at
 * all): clients reach the server through a Unix socket in a 0700 directory inside its 0700 data
 * directory, and peer authentication maps only the OS user who runs this process (root, when the
 * server runs as "postgres") to the database superuser, who has no password to leak or guess. Roles
 * the owner creates sign in with their own password (scram-sha-256), through the same socket.
 * Rewritten on every start, so a data directory made by an earlier version (a fixed password over
 * TCP) is brought to these rules.
 */

/** The database superuser initdb creates. */
export const DATABASE_USER = 'postgres';
/** Names the socket file (`.s.PGSQL.5432`); with no TCP listener it is not a port anyone can reach. */
export const SOCKET_PORT = 5432;
const SOCKET_DIR = 'socket';
const TCP_PASSWORD_FILE = 'model-sync-tcp-password';
// sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included.
const MAX_SOCKET_PATH = 103;

/** The directory holding the server's Unix socket. */
export function socketDirectory(dataDir: string): string {
  return join(dataDir, SOCKET_DIR);
}

/**
 * A node-postgres URL of the `postgres` database through the socket: the host is the socket's
 * directory, the port names the socket file.
 */
export function socketUrl(dataDir: string, port = SOCKET_PORT): string {
  return `postgres://${DATABASE_USER}@${encodeURIComponent(socketDirectory(dataDir))}:${port}/postgres`;
}

/** Refuses a data directory whose socket path the operating system could not hold. */
export function checkSocketPath(dataDir: string): void {
  const path = join(socketDirectory(dataDir), `.s.PGSQL.${SOCKET_PORT}`);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    throw new LocalPostgresUnusableError(
      `the embedded PostgreSQL's socket path would be ${Buffer.byteLength(path)} bytes (${path}), more than ` +
        `the ${MAX_SOCKET_PATH} the system allows: choose a shorter data directory (--data-dir or MODEL_SYNC_DATA_DIR).`,
    );
  }
}

/** pg_ident.conf quotes a name in double quotes, doubling any inside. */
const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Writes pg_hba.conf and pg_ident.conf and makes the socket directory (0700, owned by the server's
 * user). With `tcp`, loopback TCP is also allowed, for the superuser only, by scram-sha-256.
 */
export async function writeAccessRules(
  dataDir: string,
  access: { clientOsUser: string; serverOwner: { uid: number; gid: number } | undefined; tcp: boolean },
): Promise<void> {
  const rules = [
    '# Written by litemaas-model-sync on every start (local/postgres-access.ts): edits are lost.',
    `local all ${DATABASE_USER} peer map=owner`,
    // Roles the owner makes (a least-privilege sync user, say) sign in with their password, still
    // only through the socket nobody else can reach.
    'local all all scram-sha-256',
    ...(access.tcp ? [`host all ${DATABASE_USER} 127.0.0.1/32 scram-sha-256`] : []),
  ];
  // Existing files keep their owner and mode (the server's user, 0600) when rewritten in place.
  await writeFile(join(dataDir, 'pg_hba.conf'), `${rules.join('\n')}\n`);
  await writeFile(join(dataDir, 'pg_ident.conf'), `owner ${quoted(access.clientOsUser)} ${DATABASE_USER}\n`);
  const socketDir = socketDirectory(dataDir);
  await mkdir(socketDir, { recursive: true, mode: 0o700 });
  await chmod(socketDir, 0o700);
  if (access.serverOwner !== undefined) await chown(socketDir, access.serverOwner.uid, access.serverOwner.gid);
}

/**
 * The data directory's own TCP password: random, made once, kept 0600 by this process's user. Only
 * servers started with `tcp` (tests that need TLS) have one.
 */
export async function tcpPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, TCP_PASSWORD_FILE);
  const stored = await readFile(file, 'utf8').catch(() => '');
  if (stored.trim() !== '') return stored.trim();
  const password = randomBytes(24).toString('hex');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}
