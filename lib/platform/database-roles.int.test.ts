import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testDatabaseUrl, testDatabaseOwnerUrl } from "@/test/db";

// The review's attack: connected as the app, `ALTER TABLE audit_events DISABLE TRIGGER USER`,
// then UPDATE and DELETE, all committed, because the app was the owner and a superuser.
// Here the app's connection (DATABASE_URL in production, `databaseUrl` in tests) must be
// refused every step, while the owner's connection can do them all (inside a rolled-back
// transaction): so if the app ran as the owner again, these tests would fail.
// PGlite has one superuser and no separate logins, so this needs a real server; there, the
// integration setup always gives the app its own role (see scripts/lib/test-database.ts).
describe.runIf(inject("databaseKind") === "postgres")("the app's database role", () => {
  const app = new pg.Client({ connectionString: testDatabaseUrl() });
  const owner = new pg.Client({ connectionString: testDatabaseOwnerUrl() });
  let auditId: string;

  beforeAll(async () => {
    await Promise.all([app.connect(), owner.connect()]);
    const { rows } = await app.query<{ id: string }>(
      `INSERT INTO audit_events (actor_label, action, subject_type, subject_id) VALUES ('test', 'test.role_check', 'test', 'roles') RETURNING id::text`,
    );
    auditId = rows[0]!.id;
  });

  afterAll(async () => {
    await Promise.all([app.end(), owner.end()]);
  });

  const refused = (sql: string) => expect(app.query(sql), sql).rejects.toThrow(/must be owner|permission denied|must be superuser/);

  it("is a plain login role: not a superuser, not the owner, no role or database creation", async () => {
    const { rows } = await app.query(`
      SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, r.rolreplication,
             (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname IN ('public', 'pgboss') AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owned
        FROM pg_roles r WHERE r.rolname = current_user`);
    expect(rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, rolreplication: false, owned: 0 });
  });

  it("cannot switch off the audit trigger, alter or drop the table, or replace the trigger function", async () => {
    await refused("ALTER TABLE audit_events DISABLE TRIGGER USER");
    await refused("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete");
    await refused("ALTER TABLE audit_events ADD COLUMN forged boolean");
    await refused("ALTER TABLE audit_events OWNER TO CURRENT_USER");
    await refused("DROP TRIGGER audit_events_no_update_delete ON audit_events");
    await refused("DROP TABLE audit_events");
    await refused(`CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`);
    await refused("SET session_replication_role = replica"); // would skip every trigger
  });

  it("cannot update, delete or truncate audit rows, even with the trigger in place", async () => {
    await refused(`UPDATE audit_events SET action = 'forged' WHERE id = ${auditId}`);
    await refused(`DELETE FROM audit_events WHERE id = ${auditId}`);
    await refused("TRUNCATE audit_events");
    const { rows } = await owner.query("SELECT action FROM audit_events WHERE id = $1", [auditId]);
    expect(rows).toEqual([{ action: "test.role_check" }]);
  });

  it("cannot grant itself rights, take another role, or create objects", async () => {
    // A non-owner's GRANT is a no-op with a warning, so check the rights afterwards.
    await app.query("GRANT UPDATE, DELETE ON audit_events TO CURRENT_USER").catch(() => undefined);
    const { rows } = await app.query(
      `SELECT has_table_privilege('audit_events', 'UPDATE') AS can_update, has_table_privilege('audit_events', 'DELETE') AS can_delete`,
    );
    expect(rows[0]).toEqual({ can_update: false, can_delete: false });
    await refused(`UPDATE audit_events SET action = 'forged' WHERE id = ${auditId}`);
    await refused("ALTER ROLE CURRENT_USER SUPERUSER");
    await refused("ALTER ROLE CURRENT_USER CREATEROLE");
    const { rows: ownerRows } = await owner.query<{ me: string }>("SELECT current_user AS me");
    await refused(`SET ROLE ${app.escapeIdentifier(ownerRows[0]!.me)}`);
    await refused("CREATE TABLE public.shadow_audit (id int)");
    await refused("SELECT bulkhead_grant_app_role(current_user)");
    await refused("SELECT * FROM _prisma_migrations");
  });

  it("can still do the app's work: read and write app tables, append audit rows, use the job queue", async () => {
    const slug = `roles-${Date.now().toString(36)}`;
    await app.query("BEGIN");
    try {
      const team = await app.query<{ id: string }>(`INSERT INTO teams (id, slug, name) VALUES (gen_random_uuid(), $1, 'Roles') RETURNING id`, [slug]);
      await app.query("UPDATE teams SET name = 'Roles 2' WHERE id = $1", [team.rows[0]!.id]);
      await app.query("DELETE FROM teams WHERE id = $1", [team.rows[0]!.id]);
    } finally {
      await app.query("ROLLBACK");
    }
    await expect(app.query("SELECT count(*) FROM audit_events")).resolves.toBeTruthy();
    // Creating a queue creates a partition: allowed only through pgboss.create_queue.
    await app.query(`SELECT pgboss.create_queue($1, '{"policy":"standard"}'::json)`, [`roles-check-${slug}`]);
    const { rows } = await app.query("SELECT partition_name FROM pgboss.queue WHERE name = $1", [`roles-check-${slug}`]);
    expect(rows).toHaveLength(1);
    await refused("ALTER TABLE pgboss.job DISABLE TRIGGER ALL");
    await refused("DROP TABLE pgboss.archive");
    await refused(`SELECT pgboss.delete_queue('roles-check-${slug}')`);
  });

  it("the same attack succeeds as the owner, so the refusals above come from the role and not the statements", async () => {
    await owner.query("BEGIN");
    try {
      await owner.query("ALTER TABLE audit_events DISABLE TRIGGER USER");
      const updated = await owner.query(`UPDATE audit_events SET action = 'forged' WHERE id = ${auditId}`);
      expect(updated.rowCount).toBe(1);
      const deleted = await owner.query(`DELETE FROM audit_events WHERE id = ${auditId}`);
      expect(deleted.rowCount).toBe(1);
      await owner.query("ALTER TABLE audit_events ADD COLUMN forged boolean");
    } finally {
      await owner.query("ROLLBACK");
    }
    const { rows } = await app.query("SELECT action FROM audit_events WHERE id = $1", [auditId]);
    expect(rows).toEqual([{ action: "test.role_check" }]);
  });
});
