import type { SqlStatement } from '../port.js';

/**
 * The two database users the functions sign in as, besides the main user that migrates:
 * - `writer`: the scheduled and start functions (sync, retire, record runs);
 * - `reader`: the read function (`GET /sync/runs`, `/sync/runs/{runId}`, `/sync/runs/{runId}/changes`,
 *   `/sync/models/{modelId}/history`, `/sync/status`).
 */
export type DatabaseRoleKind = 'writer' | 'reader';

/** One GRANT: these privileges (optionally on these columns only) on these objects. */
export interface RoleGrant {
  readonly privileges: readonly string[];
  /** Column privileges: only these columns of each table. @default - the whole table */
  readonly columns?: readonly string[];
  readonly on: 'SCHEMA' | 'TABLE' | 'FUNCTION';
  readonly objects: readonly string[];
}

/**
 * Exactly what each user needs, and nothing more. The one list the deploy-time function grants,
 * checks it may grant, and prints for an administrator; docs/deploy.md shows it as SQL (a test
 * compares the two).
 */
export const ROLE_GRANTS: Readonly<Record<DatabaseRoleKind, readonly RoleGrant[]>> = {
  writer: [
    { privileges: ['USAGE'], on: 'SCHEMA', objects: ['public'] },
    // INSERT … ON CONFLICT DO UPDATE needs all three; the sync never deletes a model.
    { privileges: ['SELECT', 'INSERT', 'UPDATE'], on: 'TABLE', objects: ['models', 'model_sync_runs', 'model_sync_fingerprints'] },
    // Models missing from LiteLLM, counted until they are retired: read, counted, forgotten.
    { privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'], on: 'TABLE', objects: ['model_sync_missing'] },
    // The change journal: written with each change, pruned past its retention.
    { privileges: ['SELECT', 'INSERT', 'DELETE'], on: 'TABLE', objects: ['model_sync_changes'] },
    { privileges: ['EXECUTE'], on: 'FUNCTION', objects: ['model_sync_take_lock()', 'model_sync_bounded_change(jsonb)', 'model_sync_write_litemaas_audit(jsonb)'] },
    // LiteMaaS's audit_logs is LiteMaaS's table and may not exist: with litemaasAudit on, an
    // administrator grants INSERT on it (docs/litemaas.md §4); without it the sync warns, never fails.
  ],
  reader: [
    { privileges: ['USAGE'], on: 'SCHEMA', objects: ['public'] },
    { privileges: ['SELECT'], on: 'TABLE', objects: ['model_sync_runs', 'model_sync_changes'] },
    // GET /sync/status counts models and lists coming retirements (id and metadata.deprecationDate):
    // those columns, never encrypted_api_key or the rest of models.
    { privileges: ['SELECT'], columns: ['id', 'availability', 'metadata'], on: 'TABLE', objects: ['models'] },
  ],
};

/** A PostgreSQL role name this project creates: lower case, digits and `_`, at most 63 bytes. */
export const ROLE_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** An identifier as SQL writes it: bare when it needs no quotes, double-quoted otherwise. */
export function quoteIdentifier(name: string): string {
  return ROLE_NAME_PATTERN.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** `GRANT … TO role` statements (without `;`) for one grant list. */
export function grantStatements(grants: readonly RoleGrant[], role: string): string[] {
  return grants.map((grant) => {
    const privileges = grant.privileges.map((privilege) => (grant.columns === undefined ? privilege : `${privilege} (${grant.columns.join(', ')})`));
    return `GRANT ${privileges.join(', ')} ON ${grant.on} ${grant.objects.join(', ')} TO ${quoteIdentifier(role)}`;
  });
}

const sqlText = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** One privilege the main user must be able to pass on (hold `WITH GRANT OPTION`). */
interface NeededPrivilege {
  kind: DatabaseRoleKind;
  privilege: string;
  on: RoleGrant['on'];
  object: string;
  /** Column privileges: the column; '' for the whole object. */
  column: string;
  /** The `has_…_privilege` arguments before the privilege. */
  target: string;
}

function neededPrivileges(): NeededPrivilege[] {
  return (Object.entries(ROLE_GRANTS) as [DatabaseRoleKind, readonly RoleGrant[]][]).flatMap(([kind, grants]) =>
    grants.flatMap((grant) =>
      grant.objects.flatMap((object) =>
        (grant.columns ?? [undefined]).flatMap((column) =>
          grant.privileges.map((privilege) => ({
            kind,
            privilege,
            on: grant.on,
            object,
            column: column ?? '',
            target: column === undefined ? sqlText(object) : `${sqlText(object)}, ${sqlText(column)}`,
          })),
        ),
      ),
    ),
  );
}

function hasPrivilege({ on, column }: NeededPrivilege): string {
  if (on === 'SCHEMA') return 'has_schema_privilege';
  if (on === 'FUNCTION') return 'has_function_privilege';
  return column === '' ? 'has_table_privilege' : 'has_column_privilege';
}

/**
 * What the main user lacks to create and grant the given roles (`:kinds`, a JSON array of
 * {@link DatabaseRoleKind}): `CREATEROLE`, and every privilege it cannot pass on. A privilege
 * PUBLIC already holds (schema `USAGE`, `EXECUTE` on functions by default) needs no grant option.
 * Run after the migrations: every object exists by then.
 */
export const CHECK_ROLE_PRIVILEGES: SqlStatement = {
  name: 'check-role-privileges',
  text: `
WITH needed (kind, privilege, object_type, object_name, column_name, held) AS (
  VALUES
${neededPrivileges()
  .map((needed) => {
    const check = hasPrivilege(needed);
    const { kind, privilege, on, object, column, target } = needed;
    const held = `${check}(${target}, ${sqlText(`${privilege} WITH GRANT OPTION`)}) OR ${check}('public', ${target}, ${sqlText(privilege)})`;
    return `    (${sqlText(kind)}, ${sqlText(privilege)}, ${sqlText(on)}, ${sqlText(object)}, ${sqlText(column)}, ${held})`;
  })
  .join(',\n')}
),
missing AS (
  SELECT DISTINCT privilege, object_type, object_name, column_name FROM needed
  WHERE NOT held AND kind IN (SELECT jsonb_array_elements_text(:kinds::jsonb))
)
SELECT current_user::text AS main_user,
  (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) AS can_create_roles,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('privilege', privilege, 'on', object_type, 'object', object_name, 'column', column_name)
    ORDER BY object_type, object_name, column_name, privilege), '[]') FROM missing)::text AS missing_grants`,
};

/**
 * Hands the roles to {@link APPLY_ROLES} inside the same transaction, as a bound parameter:
 * `:roles` is a JSON array of `{ kind, role, verifier }`. `verifier` is the SCRAM-SHA-256 verifier
 * of the password (lib/db/scram-verifier.ts), never the password itself, so not even PostgreSQL's
 * own statement log ever sees a password. `true`: the setting ends with the transaction.
 */
export const STAGE_ROLES: SqlStatement = {
  name: 'stage-roles',
  text: `SELECT set_config('model_sync.roles', :roles::text, true) IS NOT NULL AS staged`,
};

function grantBlock(kind: DatabaseRoleKind): string {
  // %I quotes the role name; the objects and privileges are this file's constants.
  return grantStatements(ROLE_GRANTS[kind], '%I')
    .map((statement) => `        EXECUTE format(${sqlText(statement)}, item ->> 'role');`)
    .join('\n');
}

/**
 * Creates each staged role (`LOGIN`, nothing else) or sets its password again, and grants it its
 * list. Additive: it revokes nothing an administrator granted on purpose. Any failure is raised
 * again with its own message only, so PostgreSQL's error context (which quotes the statement,
 * verifier included) never reaches a log.
 */
export const APPLY_ROLES: SqlStatement = {
  name: 'apply-roles',
  text: `
DO $roles$
DECLARE
  item jsonb;
BEGIN
  FOR item IN SELECT jsonb_array_elements(current_setting('model_sync.roles')::jsonb) LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = item ->> 'role') THEN
      EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', item ->> 'role', item ->> 'verifier');
    ELSE
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', item ->> 'role', item ->> 'verifier');
    END IF;
    CASE item ->> 'kind'
      WHEN 'writer' THEN
${grantBlock('writer')}
      WHEN 'reader' THEN
${grantBlock('reader')}
    END CASE;
  END LOOP;
EXCEPTION WHEN OTHERS THEN
  -- The message only: the context would quote the statement that failed.
  RAISE EXCEPTION USING ERRCODE = SQLSTATE, MESSAGE = SQLERRM;
END
$roles$`,
};
