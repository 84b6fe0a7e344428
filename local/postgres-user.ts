import { execFileSync } from 'node:child_process';
import { lookUpUser } from './reachable.js';
import type { SystemUser } from './reachable.js';
import { LocalPostgresUnusableError } from './unusable.js';

/** PostgreSQL refuses to run as root: as root, initdb and the server run as this user. */
const SERVER_USER_AS_ROOT = 'postgres';

/** The "postgres" system user, created (no home, no login shell) when the machine has none. */
export function serverUserForRoot(): SystemUser {
  const existing = lookUpUser(SERVER_USER_AS_ROOT);
  if (existing !== undefined) return existing;
  // Either command may fail because its part already exists; whether the user exists now is what counts.
  for (const [command, args] of [
    ['groupadd', ['--system', SERVER_USER_AS_ROOT]],
    ['useradd', ['--system', '--gid', SERVER_USER_AS_ROOT, '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_USER_AS_ROOT]],
  ] as const) {
    try {
      execFileSync(command, args, { stdio: 'ignore' });
    } catch {
      // judged below
    }
  }
  const created = lookUpUser(SERVER_USER_AS_ROOT);
  if (created === undefined) {
    throw new LocalPostgresUnusableError(
      'as root, the embedded PostgreSQL must run as a "postgres" user, and none could be created (useradd failed): ' +
        'create one, run as a normal user, or set DATABASE_URL to use another server.',
    );
  }
  return created;
}
