import { ConfigError } from '../lib/errors.js';

/**
 * Characters that end a URL's password early when written as they are: `@` starts the host, `#`
 * the fragment. The rest of the password then becomes the host name (and the first part of it
 * could be printed as one): such a URL is refused before anything is resolved or connected.
 */
function hasUnencodedPasswordCharacters(value: string): boolean {
  const start = value.indexOf('://');
  if (start < 0) return false;
  const rest = value.slice(start + 3);
  // A connection URL has no fragment: a '#' is a password character.
  if (rest.includes('#')) return true;
  const authorityEnd = rest.search(/[/?]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const path = authorityEnd < 0 ? '' : (rest.slice(authorityEnd).split('?')[0] ?? '');
  // Two '@' in the authority, or one in the path (a password with a '/' before its '@').
  return authority.split('@').length > 2 || path.includes('@');
}

/** Whether the URL carries a password, in its user part or as node-postgres's `password=` parameter. */
function hasPassword(url: URL): boolean {
  return url.password !== '' || url.searchParams.has('password');
}

/**
 * Checks a PostgreSQL URL without ever echoing it (it usually holds a password). A password given
 * as a flag is refused: every local user can read a command line in `ps`.
 */
export function checkDatabaseUrl(value: string, source: 'DATABASE_URL' | '--database-url'): void {
  if (hasUnencodedPasswordCharacters(value)) {
    throw new ConfigError(
      `${source} has an unencoded "@" or "#" in its password, so part of it would be read as the host name; nothing was sent. ` +
        'Percent-encode them in the password: "@" as %40, "#" as %23 (and "/" as %2F).',
    );
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')) {
    throw new ConfigError(`${source} must be a PostgreSQL URL: postgres://user:password@host:5432/database.`);
  }
  if (source === '--database-url' && hasPassword(url)) {
    throw new ConfigError(
      '--database-url carries a password, which other users can read in the process list (ps): set DATABASE_URL instead, ' +
        'or leave the password out of the URL and keep it in a pgpass file (~/.pgpass, or the file PGPASSFILE names).',
    );
  }
}
