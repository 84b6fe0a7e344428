/**
 * The exception handler that ends the migration block: a missing privilege is raised again as one
 * line that names the privilege, the database user and the exact statement an administrator can
 * run (instead of PostgreSQL's bare "permission denied for schema public"). Every statement of the
 * migration that needs more than ownership of what it creates is one of these cases:
 * - creating a table, index or function needs `CREATE` on the schema;
 * - altering `models` (a missing LiteMaaS column, index or comment) needs its ownership;
 * - creating LiteMaaS's trigger on `models` needs `TRIGGER` on it.
 * `lib/db/database-errors.ts` shows a message starting with {@link MISSING_PRIVILEGE} as it is.
 */
export const MISSING_PRIVILEGE = 'Missing privilege:';

export const MIGRATION_PRIVILEGE_HANDLER = `
EXCEPTION WHEN insufficient_privilege THEN
  RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = '${MISSING_PRIVILEGE} ' || CASE
    WHEN SQLERRM ~ '^permission denied for schema ' THEN format(
      'the database user %1$I lacks CREATE on schema %2$s, which the migration needs to create the sync''s tables (%3$s). An administrator can run: GRANT USAGE, CREATE ON SCHEMA %2$s TO %1$I;',
      current_user, substring(SQLERRM from '^permission denied for schema (.*)$'), SQLERRM)
    WHEN SQLERRM ~ '^must be owner of (table|relation) ' THEN format(
      'the database user %1$I does not own table %2$s, which the migration must alter (%3$s). An administrator can run: ALTER TABLE %2$s OWNER TO %1$I; (or deploy once with the owner''s secret)',
      current_user, substring(SQLERRM from '^must be owner of (?:table|relation) (.*)$'), SQLERRM)
    WHEN SQLERRM ~ '^permission denied for table ' THEN format(
      'the database user %1$I lacks TRIGGER on table %2$s, which the migration needs to create its updated_at trigger (%3$s). An administrator can run: GRANT TRIGGER ON TABLE %2$s TO %1$I;',
      current_user, substring(SQLERRM from '^permission denied for table (.*)$'), SQLERRM)
    ELSE format('the database user %1$I: %2$s.', current_user, SQLERRM)
  END;`;
