/**
 * Creates and maintains the writer and reader database users (lib/db/sql/database-roles.ts) as
 * the main user, through either adapter: the deploy-time function over the Data API, and any
 * PostgreSQL reachable by URL.
 */
import { DatabaseError } from '../errors.js';
import type { DatabasePort, SqlSession } from './port.js';
import { scramSha256Verifier } from './scram-verifier.js';
import { APPLY_ROLES, CHECK_ROLE_PRIVILEGES, quoteIdentifier, ROLE_NAME_PATTERN, STAGE_ROLES } from './sql/database-roles.js';
import type { DatabaseRoleKind, RoleGrant } from './sql/database-roles.js';

/** A role to create (or keep) with this password. */
export interface RoleCredentials {
  readonly kind: DatabaseRoleKind;
  readonly role: string;
  readonly password: string;
}

/** Whether the main user may create the roles and pass on their grants, and if not, what to run. */
export interface RolePrivilegeCheck {
  readonly mainUser: string;
  /** Empty when it may: otherwise `CREATEROLE` and each privilege it cannot grant. */
  readonly missing: string[];
  /** The statements an administrator can run so that the next deploy creates the roles. */
  readonly adminSql: string[];
}

interface MissingGrant {
  privilege: string;
  on: RoleGrant['on'];
  object: string;
  /** '' for the whole object. */
  column: string;
}

/** The missing grants, without a column privilege that the same privilege on its table covers. */
function parseMissingGrants(text: unknown): MissingGrant[] {
  const grants = typeof text === 'string' ? (JSON.parse(text) as MissingGrant[]) : [];
  const wholeObject = (grant: MissingGrant) => grants.some((other) => other.column === '' && other.privilege === grant.privilege && other.object === grant.object);
  return grants.filter((grant) => grant.column === '' || !wholeObject(grant));
}

/**
 * Checks, in one round trip, that the main user may create the roles of `kinds` and grant them
 * their lists. Run it after the migrations (the objects must exist).
 */
export async function checkRolePrivileges(session: SqlSession, kinds: readonly DatabaseRoleKind[]): Promise<RolePrivilegeCheck> {
  const [row] = await session.execute(CHECK_ROLE_PRIVILEGES, { kinds: JSON.stringify(kinds) });
  const mainUser = typeof row?.main_user === 'string' ? row.main_user : 'the main user';
  const grants = parseMissingGrants(row?.missing_grants);
  const main = quoteIdentifier(mainUser);
  const byObject = new Map<string, { on: string; object: string; privileges: string[] }>();
  for (const { privilege, on, object, column } of grants) {
    const entry = byObject.get(`${on} ${object}`) ?? { on, object, privileges: [] };
    entry.privileges.push(column === '' ? privilege : `${privilege} (${column})`);
    byObject.set(`${on} ${object}`, entry);
  }
  const canCreateRoles = row?.can_create_roles === true;
  const objects = [...byObject.values()];
  return {
    mainUser,
    missing: [...(canCreateRoles ? [] : ['CREATEROLE']), ...objects.map(({ on, object }) => `the grant option on ${on.toLowerCase()} ${object}`)],
    adminSql: [
      ...(canCreateRoles ? [] : [`ALTER ROLE ${main} CREATEROLE`]),
      ...objects.map(({ on, object, privileges }) => `GRANT ${privileges.join(', ')} ON ${on} ${object} TO ${main} WITH GRANT OPTION`),
    ],
  };
}

/**
 * Creates each role, or sets its password again (so a changed secret heals), and grants its list,
 * in one transaction. The password travels as a bound parameter and as its SCRAM verifier only.
 * Throws a `DatabaseError` whose message never holds a password or verifier.
 */
export async function applyRoles(database: DatabasePort, roles: readonly RoleCredentials[]): Promise<void> {
  for (const { role } of roles) {
    if (!ROLE_NAME_PATTERN.test(role)) {
      throw new DatabaseError(`"${role}" is not a role name this stack creates (lower-case letters, digits, _; at most 63).`);
    }
  }
  const staged = JSON.stringify(roles.map(({ kind, role, password }) => ({ kind, role, verifier: scramSha256Verifier(password) })));
  await database.transaction(async (session) => {
    await session.execute(STAGE_ROLES, { roles: staged });
    await session.execute(APPLY_ROLES);
  });
}
