-- The portal connects as its own role (DATABASE_URL), never as the owner of the schema.
-- Migrations run as the owner (DATABASE_MIGRATION_URL). Only an owner or a superuser can
-- ALTER, DROP or DISABLE TRIGGER on a table, so the app role cannot switch off the audit
-- log's append-only trigger, and it holds no UPDATE, DELETE or TRUNCATE on that table.
--
-- bulkhead_grant_app_role(role) gives a role exactly what the app needs. It is idempotent:
-- `npm run db:migrate` (scripts/lib/migrate.ts) calls it after every migration with the
-- role of DATABASE_URL, and an administrator can call it by hand after creating the role:
--   SELECT bulkhead_grant_app_role('bulkhead_app');
-- Rules, in order:
--   * refuse a role that is a superuser, bypasses row security, or has the rights of the
--     role that owns any of the portal's tables (it would be an owner under another name);
--   * public schema: USAGE; SELECT, INSERT, UPDATE, DELETE on every table; USAGE, SELECT on
--     every sequence; the same by default for tables and sequences the current role creates
--     later (ALTER DEFAULT PRIVILEGES), so later migrations are covered when run as the same owner;
--   * append-only tables, i.e. those with a trigger whose function is named `*_append_only`
--     (audit_events today): INSERT and SELECT only;
--   * Prisma's `_prisma_migrations`: nothing;
--   * pg-boss's `pgboss` schema (created by the migration step, as the owner): USAGE and
--     DML on its tables, and EXECUTE on pgboss.create_queue, made SECURITY DEFINER because
--     creating a queue creates and attaches a partition, which needs the owner.
CREATE OR REPLACE FUNCTION bulkhead_grant_app_role(app_role name) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  offending text;
  append_only record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role) THEN
    RAISE EXCEPTION 'role "%" does not exist: create it first (CREATE ROLE % LOGIN PASSWORD ''…'')', app_role, quote_ident(app_role);
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role AND (rolsuper OR rolbypassrls)) THEN
    RAISE EXCEPTION 'role "%" is a superuser or bypasses row security, so it could switch off the audit trigger: the app needs a plain role', app_role;
  END IF;
  SELECT format('%s.%s (owned by %s)', n.nspname, c.relname, pg_get_userbyid(c.relowner)) INTO offending
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname IN ('public', 'pgboss') AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
     AND pg_has_role(app_role, c.relowner, 'USAGE')
   LIMIT 1;
  IF offending IS NOT NULL THEN
    RAISE EXCEPTION 'role "%" has the rights of the owner of %: the app role must not own the schema or be a member of its owner', app_role, offending;
  END IF;

  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app_role);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', app_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', app_role);

  FOR append_only IN
    SELECT DISTINCT c.oid::regclass AS tbl
      FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE n.nspname = 'public' AND NOT t.tgisinternal AND p.proname LIKE '%\_append\_only'
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON %s FROM %I', append_only.tbl, app_role);
  END LOOP;

  IF to_regclass('public._prisma_migrations') IS NOT NULL THEN
    EXECUTE format('REVOKE ALL ON public._prisma_migrations FROM %I', app_role);
  END IF;

  IF to_regnamespace('pgboss') IS NOT NULL THEN
    EXECUTE format('GRANT USAGE ON SCHEMA pgboss TO %I', app_role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO %I', app_role);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pgboss TO %I', app_role);
    -- Queue partitions are created by create_queue, as its owner: covered by this default.
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', app_role);
    IF to_regprocedure('pgboss.create_queue(text, json)') IS NOT NULL THEN
      -- The body only uses schema-qualified names and %I/%L formatting of a hash, so it is
      -- safe to run with the owner's rights; a fixed search_path keeps it that way.
      ALTER FUNCTION pgboss.create_queue(text, json) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
      REVOKE EXECUTE ON FUNCTION pgboss.create_queue(text, json) FROM PUBLIC;
      EXECUTE format('GRANT EXECUTE ON FUNCTION pgboss.create_queue(text, json) TO %I', app_role);
    END IF;
    IF to_regprocedure('pgboss.delete_queue(text)') IS NOT NULL THEN
      REVOKE EXECUTE ON FUNCTION pgboss.delete_queue(text) FROM PUBLIC;
    END IF;
  END IF;

  IF has_schema_privilege(app_role, 'public', 'CREATE') THEN
    RAISE WARNING 'role "%" may create objects in schema public (PostgreSQL 14 and older grant that to PUBLIC): as the schema owner run REVOKE CREATE ON SCHEMA public FROM PUBLIC', app_role;
  END IF;
END;
$fn$;

REVOKE EXECUTE ON FUNCTION bulkhead_grant_app_role(name) FROM PUBLIC;

-- Databases set up with the conventional role name get their grants right here, even when
-- migrated with plain `prisma migrate deploy`; `npm run db:migrate` handles any role name.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bulkhead_app') AND current_user <> 'bulkhead_app' THEN
    PERFORM bulkhead_grant_app_role('bulkhead_app');
  END IF;
END;
$$;
