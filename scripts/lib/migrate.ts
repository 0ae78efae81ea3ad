import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import PgBoss from "pg-boss";
import { databasePoolConfig, type DatabaseTimeouts } from "../../lib/platform/database-pool-config";
import { migrationTimeouts, prepareAppRole, type AppRoleResult } from "./database-roles";

const root = fileURLToPath(new URL("../..", import.meta.url));
const prismaCli = fileURLToPath(new URL("../../node_modules/prisma/build/index.js", import.meta.url));

/** How long one Prisma CLI run (e.g. `migrate deploy`, every pending migration) may take. */
export const prismaTimeoutMs = 15 * 60_000;

/** `databaseUrl` with a `connect_timeout` (seconds) unless it names one: Prisma's engine honours it. */
function withConnectTimeout(databaseUrl: string, connectMs: number): string {
  const url = new URL(databaseUrl);
  if (!url.searchParams.has("connect_timeout")) url.searchParams.set("connect_timeout", String(Math.max(1, Math.ceil(connectMs / 1000))));
  return url.toString();
}

/**
 * Runs `command args` in the repository root, resolving with its output or rejecting with it.
 * A run that outlives `timeoutMs` is stopped (SIGTERM, then SIGKILL 5 s later) and rejected
 * with an error that names the deadline.
 */
export function runChild(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number; label: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
      killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      killer.unref();
    }, options.timeoutMs);
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(deadline);
      if (killer) clearTimeout(killer);
      if (timedOut) reject(new Error(`${options.label} did not finish within ${options.timeoutMs} ms and was stopped:\n${output}`));
      else if (code === 0) resolve(output);
      else reject(new Error(`${options.label} exited with ${code ?? signal}:\n${output}`));
    });
  });
}

/** Runs `prisma <args>` against `databaseUrl`, resolving with its output or rejecting with it. */
export function runPrisma(args: string[], databaseUrl: string, options: { timeoutMs?: number; timeouts?: DatabaseTimeouts } = {}): Promise<string> {
  const url = withConnectTimeout(databaseUrl, (options.timeouts ?? migrationTimeouts).connectMs);
  return runChild(process.execPath, [prismaCli, ...args], {
    label: `prisma ${args.join(" ")}`,
    timeoutMs: options.timeoutMs ?? prismaTimeoutMs,
    // prisma.config.ts prefers DATABASE_MIGRATION_URL: point both at the database meant here.
    env: {
      ...process.env,
      DATABASE_URL: url,
      DATABASE_MIGRATION_URL: url,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
}

/**
 * Creates or upgrades pg-boss's `pgboss` schema as the owner. The app starts pg-boss with
 * `migrate: false`, so this is the only place its schema changes.
 */
export async function installJobQueueSchema(ownerDatabaseUrl: string, timeouts: DatabaseTimeouts = migrationTimeouts): Promise<void> {
  const boss = new PgBoss({
    ...databasePoolConfig(ownerDatabaseUrl, { max: 1, timeouts, applicationName: "bulkhead-migrate" }),
    migrate: true,
    supervise: false,
    schedule: false,
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
