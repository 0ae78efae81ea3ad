import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { canCreateRoles, dropRole } from "./database-roles";
import { startEmbeddedPostgres } from "./embedded-postgres";

export interface TestDatabase {
  /** The owner's connection: migrations, fixtures that need the owner. */
  url: string;
  /**
   * The app's connection, as production runs it: a separate role with the app's rights only,
   * created by the migration step (`migrateDatabase(url, { appDatabaseUrl })`). Equal to `url`
   * where roles cannot be separated (PGlite, or a server user without CREATEROLE).
   */
  appUrl: string;
  /** "postgres" for a real server, "pglite" for the embedded fallback. */
  kind: "postgres" | "pglite";
  drop(): Promise<void>;
}

function canConnect(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** The server to create test databases on: DATABASE_URL, else the local server on 5432 if it answers. */
export async function findPostgresServer(): Promise<string | null> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (await canConnect("127.0.0.1", 5432)) return "postgresql://postgres@127.0.0.1:5432/postgres";
  return null;
}

/**
 * A fresh, empty database for one test run: a uniquely named database on a real
 * PostgreSQL server when one can be reached, otherwise an in-memory PGlite server (one
 * superuser, so there the app shares the owner's role). On a real server the app gets its
 * own role, named after the database, with a random password; `drop` removes both.
 */
export async function createTestDatabase(prefix = "bulkhead_test"): Promise<TestDatabase> {
  const server = await findPostgresServer();
  if (!server) {
    const embedded = await startEmbeddedPostgres({});
    return { url: embedded.url, appUrl: embedded.url, kind: "pglite", drop: () => embedded.close() };
  }
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new URL(server);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  const appRole = `${name}_app`;
  const separateRoles = await canCreateRoles(admin.toString());
  if (!separateRoles) {
    console.warn(`[test-database] ${admin.username || "the server user"} may not create roles: the app runs as the owner in this run`);
  }
  const appUrl = new URL(url);
  appUrl.username = appRole;
  appUrl.password = randomBytes(12).toString("hex");
  return {
    url: url.toString(),
    appUrl: separateRoles ? appUrl.toString() : url.toString(),
    kind: "postgres",
    async drop() {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
      if (separateRoles) await dropRole(admin.toString(), appRole);
    },
  };
}
