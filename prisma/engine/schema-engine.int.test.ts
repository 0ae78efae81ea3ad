import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";

// Drives the real Prisma CLI against the stand-in engine, exactly as `prisma.config.ts` will.
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const engineBinary = fileURLToPath(new URL("./schema-engine.mjs", import.meta.url));
const prismaCli = join(repoRoot, "node_modules/prisma/build/index.js");
// The server the integration setup found (DATABASE_URL or 127.0.0.1:5432). Without one, as on a
// laptop with no PostgreSQL, only the PGlite block below runs: it needs no server.
function serverOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = "";
  url.search = "";
  return url.toString().replace(/\/$/, "");
}
// The owner's connection: these tests create databases, which the app's role may not.
const serverUrl = inject("databaseKind") === "postgres" ? serverOf(inject("databaseOwnerUrl")) : null;

// `'a;b'` and the `$$` body prove scripts are not split on `;` (adapter-pg's executeScript does that).
const schemaPrisma = `generator client {
  provider = "prisma-client"
  output   = "./generated"
}

datasource db {
  provider = "postgresql"
}

model Module {
  id      Int     @id @default(autoincrement())
  name    String  @unique
  note    String  @default("a;b")
  status  Status  @default(ACTIVE)
}

enum Status {
  ACTIVE
  DEPRECATED
}
`;

const handWrittenMigration = `-- CreateEnum
CREATE TYPE "Status" AS ENUM ('ACTIVE', 'DEPRECATED');

-- CreateTable
CREATE TABLE "Module" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT 'a;b',
    "status" "Status" NOT NULL DEFAULT 'ACTIVE',
    CONSTRAINT "Module_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Module_name_key" ON "Module"("name");

DO $$ BEGIN PERFORM 1; PERFORM 2; END $$;
`;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface Workspace {
  dir: string;
  env: Record<string, string>;
}

const createdDatabases: string[] = [];
const createdDirs: string[] = [];

function runCommand(file: string, args: string[], options: { cwd: string; env: Record<string, string> }) {
  return new Promise<CliResult>((resolve) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function runPrisma(workspace: Workspace, args: string[]) {
  return runCommand(process.execPath, [prismaCli, ...args], { cwd: workspace.dir, env: workspace.env });
}

function expectSuccess(result: CliResult) {
  expect(result, `${result.stdout}\n${result.stderr}`).toMatchObject({ code: 0 });
}

function createDatabaseName() {
  const name = `bulkhead_engine_${randomBytes(5).toString("hex")}`;
  createdDatabases.push(name);
  return name;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function listShadowDatabases() {
  const rows = await query<{ datname: string }>(
    `${serverUrl}/postgres`,
    "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'",
  );
  return rows.map((row) => row.datname);
}

/** A temp dir with prisma.config.ts + schema.prisma; node_modules is linked so `prisma/config` resolves. */
async function createWorkspace(options: { url: string; shadowUrl?: string }): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), "bulkhead-engine-"));
  createdDirs.push(dir);
  await symlink(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  const shadowLine = options.shadowUrl ? `, shadowDatabaseUrl: env("SHADOW_DATABASE_URL")` : "";
  await writeFile(
    join(dir, "prisma.config.ts"),
    `import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: env("DATABASE_URL")${shadowLine} },
});
`,
  );
  await writeFile(join(dir, "schema.prisma"), schemaPrisma);
  const env: Record<string, string> = {
    PRISMA_SCHEMA_ENGINE_BINARY: engineBinary,
    DATABASE_URL: options.url,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CI: "1",
  };
  if (options.shadowUrl) env.SHADOW_DATABASE_URL = options.shadowUrl;
  return { dir, env };
}

async function writeMigration(workspace: Workspace, name: string, sql: string) {
  const dir = join(workspace.dir, "migrations", name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "migration.sql"), sql);
  await writeFile(join(workspace.dir, "migrations", "migration_lock.toml"), 'provider = "postgresql"\n');
}

async function listMigrations(workspace: Workspace) {
  const entries = await readdir(join(workspace.dir, "migrations"), { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

async function addColumnToSchema(workspace: Workspace) {
  const schema = await readFile(join(workspace.dir, "schema.prisma"), "utf8");
  await writeFile(
    join(workspace.dir, "schema.prisma"),
    schema.replace("  status  Status  @default(ACTIVE)\n", "  status  Status  @default(ACTIVE)\n  owner   String?\n"),
  );
}

afterAll(async () => {
  for (const name of createdDatabases) {
    await query(`${serverUrl}/postgres`, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
  await Promise.all(createdDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

if (serverUrl) describe("schema-engine.mjs binary", () => {
  test("--version prints the wasm engine's hash like the native binary", async () => {
    const result = await runCommand(process.execPath, [engineBinary, "--version"], { cwd: repoRoot, env: {} });
    expectSuccess(result);
    expect(result.stdout).toMatch(/^schema-engine-cli [0-9a-f]{40}\n$/);
  });

  test("cli can-connect-to-database reports P1003 as a blank line then a JSON log line on stderr", async () => {
    const url = `${serverUrl}/${createDatabaseName()}`;
    const args = [engineBinary, "--datasource", JSON.stringify({ url }), "cli", "can-connect-to-database"];
    const result = await runCommand(process.execPath, args, { cwd: repoRoot, env: {} });
    expect(result.code).toBe(1);
    const [first, second, ...rest] = result.stderr.replace(/\n$/, "").split("\n");
    expect(first).toBe("");
    expect(rest).toEqual([]);
    expect(JSON.parse(second ?? "")).toMatchObject({
      level: "ERROR",
      target: "schema_engine::logger",
      fields: { error_code: "P1003", message: expect.stringContaining("does not exist") },
    });
  });
});

// Each CLI run takes 2–6 s (more on a loaded machine), and some tests chain several.
if (serverUrl) describe("Prisma CLI on PostgreSQL through the wasm engine", { timeout: 120_000 }, () => {
  test("migrate dev --name init creates the database, the migration files and the tables", async () => {
    const url = `${serverUrl}/${createDatabaseName()}`;
    const workspace = await createWorkspace({ url });

    expectSuccess(await runPrisma(workspace, ["migrate", "dev", "--name", "init"]));

    const [migration] = await listMigrations(workspace);
    expect(migration).toMatch(/^\d{14}_init$/);
    const sql = await readFile(join(workspace.dir, "migrations", migration ?? "", "migration.sql"), "utf8");
    expect(sql).toContain('CREATE TABLE "Module"');
    const lock = await readFile(join(workspace.dir, "migrations", "migration_lock.toml"), "utf8");
    expect(lock).toContain('provider = "postgresql"');
    const applied = await query<{ migration_name: string }>(
      url,
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL",
    );
    expect(applied.map((row) => row.migration_name)).toEqual([migration]);
    const [column] = await query<{ column_default: string }>(
      url,
      "SELECT column_default FROM information_schema.columns WHERE table_name = 'Module' AND column_name = 'note'",
    );
    expect(column?.column_default).toBe("'a;b'::text");
  });

  test("a second migrate dev adds a column through a temporary shadow database and drops it", async () => {
    const url = `${serverUrl}/${createDatabaseName()}`;
    const workspace = await createWorkspace({ url });
    expectSuccess(await runPrisma(workspace, ["migrate", "dev", "--name", "init"]));
    const shadowsBefore = await listShadowDatabases();

    await addColumnToSchema(workspace);
    expectSuccess(await runPrisma(workspace, ["migrate", "dev", "--name", "add_owner"]));

    const migrations = await listMigrations(workspace);
    expect(migrations).toHaveLength(2);
    const sql = await readFile(join(workspace.dir, "migrations", migrations[1] ?? "", "migration.sql"), "utf8");
    expect(sql).toMatch(/ALTER TABLE "Module" ADD COLUMN\s+"owner" TEXT;/);
    const columns = await query<{ column_name: string }>(
      url,
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'Module' AND column_name = 'owner'",
    );
    expect(columns).toHaveLength(1);
    const leaked = (await listShadowDatabases()).filter((name) => !shadowsBefore.includes(name));
    expect(leaked).toEqual([]);
  });

  test("migrate dev wipes an explicit shadowDatabaseUrl before replaying the history", async () => {
    const url = `${serverUrl}/${createDatabaseName()}`;
    const shadowName = createDatabaseName();
    const shadowUrl = `${serverUrl}/${shadowName}`;
    await query(`${serverUrl}/postgres`, `CREATE DATABASE "${shadowName}"`);
    await query(shadowUrl, 'CREATE TABLE "Leftover" (id int); CREATE TYPE "Status" AS ENUM (\'OLD\')');
    const workspace = await createWorkspace({ url, shadowUrl });
    await writeMigration(workspace, "20260101000000_init", handWrittenMigration);

    await addColumnToSchema(workspace);
    expectSuccess(await runPrisma(workspace, ["migrate", "dev", "--name", "add_owner"]));

    expect(await listMigrations(workspace)).toHaveLength(2);
    const tables = await query<{ table_name: string }>(
      shadowUrl,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((row) => row.table_name)).not.toContain("Leftover");
  });

  test("migrate deploy applies existing migrations to a fresh database; status tracks it", async () => {
    const url = `${serverUrl}/${createDatabaseName()}`;
    const workspace = await createWorkspace({ url });
    await writeMigration(workspace, "20260101000000_init", handWrittenMigration);

    const deploy = await runPrisma(workspace, ["migrate", "deploy"]);
    expectSuccess(deploy);
    expect(deploy.stdout).toContain("All migrations have been successfully applied.");
    const upToDate = await runPrisma(workspace, ["migrate", "status"]);
    expectSuccess(upToDate);
    expect(upToDate.stdout).toContain("Database schema is up to date!");

    await writeMigration(workspace, "20260102000000_add_owner", 'ALTER TABLE "Module" ADD COLUMN "owner" TEXT;\n');
    const behind = await runPrisma(workspace, ["migrate", "status"]);
    expect(behind.code).toBe(1);
    expect(behind.stdout).toContain("20260102000000_add_owner");
  });

  test("migrate diff --from-empty --to-schema --script prints the SQL on stdout", async () => {
    const workspace = await createWorkspace({ url: `${serverUrl}/postgres` });

    const result = await runPrisma(workspace, [
      "migrate",
      "diff",
      "--from-empty",
      "--to-schema",
      "schema.prisma",
      "--script",
    ]);

    expectSuccess(result);
    expect(result.stdout).toContain(`CREATE TYPE "Status" AS ENUM ('ACTIVE', 'DEPRECATED');`);
    expect(result.stdout).toContain('CREATE TABLE "Module"');
  });

  test("db push creates the tables without migrations", async () => {
    const url = `${serverUrl}/${createDatabaseName()}`;
    const workspace = await createWorkspace({ url });

    expectSuccess(await runPrisma(workspace, ["db", "push"]));

    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((row) => row.table_name)).toEqual(["Module"]);
  });

  test("migrate reset --force drops the data and re-applies every migration", async () => {
    const url = `${serverUrl}/${createDatabaseName()}`;
    const workspace = await createWorkspace({ url });
    await writeMigration(workspace, "20260101000000_init", handWrittenMigration);
    expectSuccess(await runPrisma(workspace, ["migrate", "deploy"]));
    await query(url, `INSERT INTO "Module" (name) VALUES ('vpc')`);

    expectSuccess(await runPrisma(workspace, ["migrate", "reset", "--force"]));

    expect(await query(url, `SELECT * FROM "Module"`)).toEqual([]);
    const applied = await query<{ migration_name: string }>(url, "SELECT migration_name FROM _prisma_migrations");
    expect(applied.map((row) => row.migration_name)).toEqual(["20260101000000_init"]);
  });
});

describe("Prisma CLI on PGlite over the wire", { timeout: 120_000 }, () => {
  let db: PGlite;
  let server: PGLiteSocketServer;
  let url: string;

  beforeAll(async () => {
    db = await PGlite.create();
    // The default of 1 connection would starve the engine's pool.
    server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 });
    await server.start();
    url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres`;
  });

  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  test("migrate deploy applies the migrations, as dev mode does on start", async () => {
    const workspace = await createWorkspace({ url });
    await writeMigration(workspace, "20260101000000_init", handWrittenMigration);

    expectSuccess(await runPrisma(workspace, ["migrate", "deploy"]));

    const applied = await db.query<{ migration_name: string }>("SELECT migration_name FROM _prisma_migrations");
    expect(applied.rows.map((row) => row.migration_name)).toEqual(["20260101000000_init"]);
    const status = await runPrisma(workspace, ["migrate", "status"]);
    expectSuccess(status);
    expect(status.stdout).toContain("Database schema is up to date!");
  });

  test("migrate dev without shadowDatabaseUrl refuses instead of replaying into the only database", async () => {
    const workspace = await createWorkspace({ url });
    await writeMigration(workspace, "20260101000000_init", handWrittenMigration);
    await addColumnToSchema(workspace);

    const result = await runPrisma(workspace, ["migrate", "dev", "--name", "add_owner"]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("P3014");
    expect(result.stderr).toContain("shadowDatabaseUrl");
    const modules = await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'Module'");
    expect(modules.rows).toHaveLength(1);
  });
});
