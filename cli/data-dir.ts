import { isAbsolute, join, resolve } from 'node:path';
import { givenValue, readVariable } from '../lib/config.js';
import type { Environment } from '../lib/config.js';

/** Who runs the CLI, as far as choosing the embedded database's place goes. */
export interface UserPlace {
  uid: number;
  home: string;
}

const APP_DIR = 'litemaas-model-sync';
/**
 * Root's default. PostgreSQL will not run as root, so the server runs as the "postgres" user, who
 * cannot enter root's home (mode 700 almost everywhere): root's data lives where system services
 * keep theirs instead.
 */
export const ROOT_DATA_DIR = join('/var/lib', APP_DIR, 'postgres');

/**
 * Where the embedded PostgreSQL keeps its data: one place per user, whatever directory the command
 * runs from. `--data-dir`, then `MODEL_SYNC_DATA_DIR`, then `$XDG_DATA_HOME/litemaas-model-sync/postgres`,
 * then `~/.local/share/litemaas-model-sync/postgres` (for root, `/var/lib/litemaas-model-sync/postgres`).
 */
export function resolveDataDir(flag: string | undefined, env: Environment, user: UserPlace): string {
  const explicit = givenValue(flag) ?? readVariable(env, 'MODEL_SYNC_DATA_DIR');
  if (explicit !== undefined) return resolve(explicit);
  const xdg = readVariable(env, 'XDG_DATA_HOME');
  // The XDG spec says a relative value is invalid and must be ignored.
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, APP_DIR, 'postgres');
  if (user.uid === 0) return ROOT_DATA_DIR;
  return join(user.home, '.local', 'share', APP_DIR, 'postgres');
}
