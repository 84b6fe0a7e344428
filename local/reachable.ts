import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A system user as far as file permissions go. */
export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

/** The named user from /etc/passwd; undefined when there is none (yet). */
export function lookUpUser(name: string): SystemUser | undefined {
  let passwd: string;
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name) return { name, uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

/**
 * The first directory on the way to `path` that `user` may not enter (no search permission), or
 * undefined when every one can be entered. Directories that do not exist yet are skipped: whoever
 * creates them decides. A user who does not exist yet is judged as "others". Supplementary groups
 * are not considered, so the answer errs towards "cannot enter".
 */
export function blockedDirectory(path: string, user: SystemUser | undefined): string | undefined {
  const directories: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    directories.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const directory of directories) {
    let stat;
    try {
      stat = statSync(directory);
    } catch {
      return undefined;
    }
    if (!stat.isDirectory()) continue;
    const bit = user !== undefined && stat.uid === user.uid ? 0o100 : user !== undefined && stat.gid === user.gid ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) return directory;
  }
  return undefined;
}
