import { execFile, execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { lookUpUser } from '../../local/reachable.js';
import type { SystemUser } from '../../local/reachable.js';

/** Only root can act as another user; elsewhere the tests that need one are skipped. */
export const CAN_SWITCH_USERS = userInfo().uid === 0;

const STRANGER = 'model-sync-stranger';

/** An unprivileged local user who is neither this process's user nor PostgreSQL's: `nobody`, or one made for the tests. */
export function otherLocalUser(): SystemUser {
  const nobody = lookUpUser('nobody');
  if (nobody !== undefined) return nobody;
  if (lookUpUser(STRANGER) === undefined) {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', STRANGER], { stdio: 'ignore' });
  }
  const made = lookUpUser(STRANGER);
  if (made === undefined) throw new Error(`could not create the test user ${STRANGER}`);
  return made;
}

/**
 * Runs a Node script as `user` (no environment but PATH) and returns what it printed on stdout.
 *
 * @example
 * const out = await runNodeAs(otherLocalUser(), 'console.log(process.getuid())');
 */
export function runNodeAs(user: SystemUser, script: string, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { uid: user.uid, gid: user.gid, cwd, env: { PATH: process.env.PATH }, timeout: 30_000 },
      (error, stdout, stderr) => (error === null ? resolve(stdout) : reject(new Error(`${error.message}\n${stderr}`))),
    );
  });
}
