/**
 * The deploy-time step after the migrations: the scheduled and start functions sign in as the
 * sync writer, the read function as the reader, never as the main user that migrates. The stack
 * generates their secrets; this step creates the roles (or sets their passwords again, so a
 * changed secret heals) and grants them exactly their lists (lib/db/sql/database-roles.ts).
 *
 * Where the main user may not create them, the deploy still succeeds: one WARN line names what is
 * missing and the SQL an administrator can run, and each managed secret receives the credentials
 * of the next user up (the reader the writer's, the writer the main user's), so the functions keep
 * the access they had in 0.2 and their IAM permissions stay the same.
 */
import { randomInt } from 'node:crypto';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { applyRoles, checkRolePrivileges } from '../../../lib/db/database-roles.js';
import type { RoleCredentials } from '../../../lib/db/database-roles.js';
import type { DatabasePort } from '../../../lib/db/port.js';
import type { DatabaseRoleKind } from '../../../lib/db/sql/database-roles.js';
import { ConfigError, DatabaseError } from '../../../lib/errors.js';
import type { DatabaseUsersConfig } from '../setup/config.js';
import { logger } from '../observability/powertools.js';

/** What a database credentials secret holds (the Data API reads the same two fields). */
interface Credentials {
  username: string;
  password: string;
}

/** Reads and writes database credentials secrets: Secrets Manager, or a stand-in in tests. */
export interface CredentialStore {
  read(secretArn: string): Promise<Credentials>;
  write(secretArn: string, credentials: Credentials): Promise<void>;
}

/** Who signs in as whom after this step, for the log and the deploy outcome (no secret). */
export interface DatabaseUsers {
  migrations: string;
  /** The scheduled and start functions. */
  sync: string;
  /** The read function. */
  read: string;
  /** True when a managed role could not be made and its functions use the next user up. */
  fallback: boolean;
}

/** The letters and digits of a generated password: no character needs quoting anywhere. */
const PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 40 random letters and digits (≈ 238 bits), like the stack's generated secrets. */
function newPassword(): string {
  return Array.from({ length: 40 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
}

function parseCredentials(secretArn: string, value: string | undefined): Credentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value ?? '');
  } catch {
    parsed = undefined;
  }
  const { username, password } = (parsed ?? {}) as Partial<Record<string, unknown>>;
  if (typeof username !== 'string' || username === '' || typeof password !== 'string' || password === '') {
    throw new ConfigError(`The database secret ${secretArn} must hold JSON with non-empty "username" and "password" strings.`);
  }
  return { username, password };
}

/** The credential store over Secrets Manager: always the current value, never cached. */
export function secretsManagerCredentialStore(client = new SecretsManagerClient({})): CredentialStore {
  return {
    read: async (secretArn) => parseCredentials(secretArn, (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString),
    write: async (secretArn, credentials) => {
      await client.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: JSON.stringify(credentials) }));
    },
  };
}

const KINDS: readonly DatabaseRoleKind[] = ['writer', 'reader'];

/**
 * Makes the writer and reader users ready (see the file comment) and logs which users are in use.
 * Throws only for what no fallback can mend (a secret that cannot be read or written, a database
 * error that is not a missing privilege): the deploy then fails and rolls back.
 */
export async function ensureDatabaseUsers(
  database: DatabasePort,
  mainSecretArn: string,
  config: DatabaseUsersConfig,
  store: CredentialStore,
): Promise<DatabaseUsers> {
  const main = await store.read(mainSecretArn);
  const current = { writer: await store.read(config.writer.secretArn), reader: await store.read(config.reader.secretArn) };
  const managed = KINDS.filter((kind) => config[kind].role !== undefined);
  const missing = managed.length === 0 ? undefined : await rolesCannotBeMade(database, managed);
  if (missing === undefined) {
    // A secret that holds another user's credentials (an earlier fallback) gets a fresh password.
    const wanted: RoleCredentials[] = managed.map((kind) => {
      const role = config[kind].role ?? '';
      return { kind, role, password: current[kind].username === role ? current[kind].password : newPassword() };
    });
    const failure = await applyRoles(database, wanted).then(
      () => undefined,
      (error: unknown) => {
        if (error instanceof DatabaseError && /permission denied|must be owner|Missing privilege/i.test(error.message)) return error.message;
        throw error;
      },
    );
    if (failure === undefined) {
      for (const { kind, role, password } of wanted) {
        if (current[kind].username !== role) await store.write(config[kind].secretArn, { username: role, password });
        current[kind] = { username: role, password };
      }
      return reportUsers({ migrations: main.username, sync: current.writer.username, read: current.reader.username, fallback: false });
    }
    return fallBack(main, config, current, store, { reason: failure, adminSql: [] });
  }
  return fallBack(main, config, current, store, missing);
}

interface MissingPrivileges {
  reason: string;
  adminSql: string[];
}

async function rolesCannotBeMade(database: DatabasePort, kinds: readonly DatabaseRoleKind[]): Promise<MissingPrivileges | undefined> {
  const check = await checkRolePrivileges(database, kinds);
  if (check.missing.length === 0) return undefined;
  return { reason: `the main database user "${check.mainUser}" lacks ${check.missing.join(', ')}`, adminSql: check.adminSql };
}

/** Each managed secret gets the next user up: the writer the main user, the reader the writer. */
async function fallBack(
  main: Credentials,
  config: DatabaseUsersConfig,
  current: Record<DatabaseRoleKind, Credentials>,
  store: CredentialStore,
  missing: MissingPrivileges,
): Promise<DatabaseUsers> {
  const nextUp: Record<DatabaseRoleKind, () => Credentials> = { writer: () => main, reader: () => current.writer };
  for (const kind of KINDS) {
    if (config[kind].role === undefined) continue;
    const wanted = nextUp[kind]();
    if (current[kind].username !== wanted.username || current[kind].password !== wanted.password) {
      await store.write(config[kind].secretArn, wanted);
    }
    current[kind] = wanted;
  }
  const users = { migrations: main.username, sync: current.writer.username, read: current.reader.username, fallback: true };
  const remedy =
    missing.adminSql.length === 0
      ? 'An administrator can create the roles and their grants (docs/deploy.md, "Database users") or give the main user what is missing;'
      : `An administrator can run: ${missing.adminSql.map((statement) => `${statement};`).join(' ')}`;
  logger.warn(
    `Database users not created: ${missing.reason}, so the scheduled and start functions sign in as "${users.sync}" and the read function as "${users.read}". ` +
      `${remedy} then run the deploy-time function again (aws lambda invoke, or the next deploy).`,
    { databaseUsers: users },
  );
  return users;
}

function reportUsers(users: DatabaseUsers): DatabaseUsers {
  logger.info(
    `Database users: migrations as "${users.migrations}", the scheduled and start functions as "${users.sync}", the read function as "${users.read}".`,
    { databaseUsers: users },
  );
  return users;
}
