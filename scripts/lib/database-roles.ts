import pg from "pg";
import { databasePoolConfig, type DatabaseTimeouts } from "../../lib/platform/database-pool-config";

/**
 * How long the migration step waits on PostgreSQL. Longer than the app's (a migration may
 * rewrite a large table), but bounded: a database that stops answering fails the step
 * instead of hanging a deploy.
 */
export const migrationTimeouts: DatabaseTimeouts = { connectMs: 10_000, statementMs: 10 * 60_000, idleInTransactionMs: 60_000 };

/** A single connection of the migration step, with its connect, statement and read timeouts. */
export function migrationClient(databaseUrl: string, timeouts: DatabaseTimeouts = migrationTimeouts): pg.Client {
  const { max: _max, ...config } = databasePoolConfig(databaseUrl, { timeouts, applicationName: "bulkhead-migrate" });
  const client = new pg.Client(config);
  // A connection dropped while idle is reported here; without a listener it would crash the process.
  client.on("error", () => {});
  return client;
}

export interface AppRoleResult {
  /** The role the app connects as, or null when it shares the owner's role (PGlite, single-URL set-ups). */
  role: string | null;
  /** True when this call created the role. */
  created: boolean;
}

function userOf(databaseUrl: string): { user: string; password: string | undefined } {
  const url = new URL(databaseUrl);
  const user = decodeURIComponent(url.username);
  if (!user) throw new Error("DATABASE_URL names no user: the app's role must be explicit, e.g. postgresql://bulkhead_app:…@host/db");
  return { user, password: url.password ? decodeURIComponent(url.password) : undefined };
}

/**
 * Makes the role of `appDatabaseUrl` the app's restricted role, connected as the owner
 * (`ownerDatabaseUrl`): creates the role with the URL's password if it is missing and the
 * owner may create roles, then calls `bulkhead_grant_app_role` (see the migration
 * `app_role_grants`), which refuses superusers and owners. When both URLs name the same
 * user there is nothing to separate: it returns `role: null`.
 */
export async function prepareAppRole(
  ownerDatabaseUrl: string,
  appDatabaseUrl: string,
  timeouts: DatabaseTimeouts = migrationTimeouts,
): Promise<AppRoleResult> {
  const app = userOf(appDatabaseUrl);
  const client = migrationClient(ownerDatabaseUrl, timeouts);
  await client.connect();
  try {
    const { rows } = await client.query<{ me: string; may_create: boolean; exists: boolean }>(
      `SELECT current_user AS me,
              (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) AS may_create,
              EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists`,
      [app.user],
    );
    const { me, may_create: mayCreate, exists } = rows[0]!;
    if (me === app.user) return { role: null, created: false };
    let created = false;
    if (!exists) {
      if (!mayCreate) {
        throw new Error(
          `The app's database role "${app.user}" (the user in DATABASE_URL) does not exist, and "${me}" may not create roles. ` +
            `Create it as an administrator: CREATE ROLE ${client.escapeIdentifier(app.user)} LOGIN PASSWORD '…';`,
        );
      }
      const password = app.password === undefined ? "" : ` PASSWORD ${client.escapeLiteral(app.password)}`;
      try {
        await client.query(
          `CREATE ROLE ${client.escapeIdentifier(app.user)} LOGIN${password} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`,
        );
        created = true;
      } catch (error) {
        // Another migrate run created it in the meantime (roles are cluster-wide).
        const code = (error as { code?: string }).code;
        if (code !== "42710" && code !== "23505") throw error;
      }
    }
    await client.query("SELECT bulkhead_grant_app_role($1)", [app.user]);
    return { role: app.user, created };
  } finally {
    await client.end();
  }
}

/** True when the server lets `databaseUrl`'s user create roles (tests fall back to one role when not). */
export async function canCreateRoles(databaseUrl: string): Promise<boolean> {
  const client = migrationClient(databaseUrl);
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      "SELECT rolsuper OR rolcreaterole AS ok FROM pg_roles WHERE rolname = current_user",
    );
    return rows[0]?.ok === true;
  } finally {
    await client.end();
  }
}

/** Drops a role left by a test run; its database must be dropped first. */
export async function dropRole(serverUrl: string, role: string): Promise<void> {
  const client = migrationClient(serverUrl);
  await client.connect();
  try {
    await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
  } finally {
    await client.end();
  }
}
