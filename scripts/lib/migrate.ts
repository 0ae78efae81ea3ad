import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import PgBoss from "pg-boss";
import { prepareAppRole, type AppRoleResult } from "./database-roles";

const root = fileURLToPath(new URL("../..", import.meta.url));
const prismaCli = fileURLToPath(new URL("../../node_modules/prisma/build/index.js", import.meta.url));

/** Runs `prisma <args>` against `databaseUrl`, resolving with its output or rejecting with it. */
export function runPrisma(args: string[], databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, ...args], {
      cwd: root,
      // prisma.config.ts prefers DATABASE_MIGRATION_URL: point both at the database meant here.
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATABASE_MIGRATION_URL: databaseUrl,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`prisma ${args.join(" ")} exited with ${code}:\n${output}`));
    });
  });
}

/**
 * Creates or upgrades pg-boss's `pgboss` schema as the owner. The app starts pg-boss with
 * `migrate: false`, so this is the only place its schema changes.
 */
export async function installJobQueueSchema(ownerDatabaseUrl: string): Promise<void> {
  const boss = new PgBoss({
    connectionString: ownerDatabaseUrl,
    max: 1,
    migrate: true,
    supervise: false,
    schedule: false,
    application_name: "bulkhead-migrate",
  });
  const errors: Error[] = [];
  boss.on("error", (error: Error) => errors.push(error));
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
  if (errors.length > 0) throw errors[0];
}

export interface MigrateOptions {
  /**
   * The app's own connection string (DATABASE_URL). When its user differs from the owner's,
   * that role is created if missing and granted the app's rights (`prepareAppRole`).
   */
  appDatabaseUrl?: string;
}

/**
 * The migration step, run as the schema owner: Prisma migrations, then the job queue's
 * schema, then the app role's grants. Idempotent: applied migrations are skipped and the
 * grants are re-applied, which also covers tables added since.
 */
export async function migrateDatabase(ownerDatabaseUrl: string, options: MigrateOptions = {}): Promise<AppRoleResult> {
  await runPrisma(["migrate", "deploy"], ownerDatabaseUrl);
  await installJobQueueSchema(ownerDatabaseUrl);
  if (!options.appDatabaseUrl || options.appDatabaseUrl === ownerDatabaseUrl) return { role: null, created: false };
  return prepareAppRole(ownerDatabaseUrl, options.appDatabaseUrl);
}
