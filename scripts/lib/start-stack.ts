import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { seedCatalogueSources } from "../../prisma/seed-catalogue-sources";
import { createPrismaClient } from "../../lib/platform/create-prisma-client";
import { seedDemoData, seedVendingDemo } from "../../prisma/seed-demo-data";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { migrateDatabase } from "./migrate";
import { startEmulators } from "./start-emulators";

export interface StackOptions {
  /** Where state lives: PGlite data, emulator repos, the dev auth secret. */
  stateDir: string;
  appPort: number;
  /**
   * Use this database, connected as its owner (migrations, demo data); otherwise start
   * PGlite (durable in stateDir unless `memoryDb`).
   */
  databaseUrl?: string;
  /**
   * The portal's own, restricted role on that database (its DATABASE_URL). The migration
   * step creates the role if missing and grants it the app's rights. Unset: the portal
   * connects as the owner, as it must on PGlite (one superuser, no separate logins).
   */
  appDatabaseUrl?: string;
  memoryDb?: boolean;
  pglitePort?: number;
  oidcPort: number;
  githubPort: number;
  awsPort: number;
  /** How long an Account Factory provision takes in the AWS emulator. */
  awsProvisionMs: number;
  log?: (line: string) => void;
}

export interface Stack {
  appUrl: string;
  /** The environment the Next.js server needs to run against this stack. */
  appEnv: Record<string, string>;
  /** What the portal connects with (its DATABASE_URL). */
  databaseUrl: string;
  /** Whether the portal runs as a separate, restricted role ("app") or as the owner. */
  databaseRole: "app" | "owner";
  databaseKind: "external" | "pglite";
  oidcUrl: string;
  githubUrl: string;
  awsUrl: string;
  close(): Promise<void>;
}

async function readOrCreateSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    const secret = randomBytes(33).toString("base64");
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}

/**
 * Starts everything the portal needs on one machine, in dependency order: database,
 * migrations, demo data, emulators. Closing stops them in reverse order.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => {});
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const fn of closers.reverse()) {
      try {
        await fn();
      } catch (error) {
        log(`shutdown: ${(error as Error).message}`);
      }
    }
  };
  try {
    await mkdir(options.stateDir, { recursive: true });
    const appUrl = `http://localhost:${options.appPort}`;

    let databaseUrl = options.databaseUrl;
    let databaseKind: Stack["databaseKind"] = "external";
    if (!databaseUrl) {
      const started = performance.now();
      const embedded = await startEmbeddedPostgres({
        dataDir: options.memoryDb ? undefined : path.join(options.stateDir, "pglite"),
        port: options.pglitePort ?? 0,
      });
      closers.push(() => embedded.close());
      databaseUrl = embedded.url;
      databaseKind = "pglite";
      log(`embedded PostgreSQL (PGlite) ready in ${Math.round(performance.now() - started)} ms`);
    }
    const appRole = await migrateDatabase(databaseUrl, { appDatabaseUrl: options.appDatabaseUrl });
    if (appRole.role) log(`the portal connects as database role "${appRole.role}"${appRole.created ? " (created)" : ""}`);
    const appDatabaseUrl = appRole.role && options.appDatabaseUrl ? options.appDatabaseUrl : databaseUrl;
    const db = createPrismaClient(databaseUrl, { max: 2 });
    try {
      const { created } = await seedDemoData(db);
      log(created.length > 0 ? `seeded demo workloads: ${created.join(", ")}` : "demo data present");
      const vending = await seedVendingDemo(db);
      if (vending.policy || vending.settings) log("seeded the demo tag policy and vending settings");
      // The app's job worker syncs sources that were never synced, right after it starts.
      const sources = await seedCatalogueSources(db);
      if (sources.length > 0) log(`configured demo module sources: ${sources.join(", ")}`);
    } finally {
      await db.$disconnect();
    }

    const { oidc, github, aws, close: closeEmulators } = await startEmulators({
      stateDir: options.stateDir,
      appUrl,
      oidcPort: options.oidcPort,
      githubPort: options.githubPort,
      awsPort: options.awsPort,
      awsProvisionMs: options.awsProvisionMs,
      log,
    });
    closers.push(closeEmulators);

    const authSecret = await readOrCreateSecret(path.join(options.stateDir, "auth-secret"));
    const appEnv: Record<string, string> = {
      DATABASE_URL: appDatabaseUrl,
      AUTH_SECRET: authSecret,
      AUTH_URL: appUrl,
      AUTH_OIDC_ISSUER: oidc.issuer,
      AUTH_OIDC_CLIENT_ID: "bulkhead",
      AUTH_OIDC_CLIENT_SECRET: "bulkhead-dev-secret",
      AUTH_OIDC_NAME: "Bulkhead dev IdP",
      BULKHEAD_PUBLIC_URL: appUrl,
      GITHUB_API_URL: github.apiUrl,
      GITHUB_GIT_URL: github.gitUrl,
      GITHUB_APP_ID: String(github.appId),
      GITHUB_APP_PRIVATE_KEY: github.appPrivateKeyPem,
      GITHUB_WEBHOOK_SECRET: github.webhookSecret,
      GITHUB_ORG: "acme-platform",
      // AWS_ENDPOINT_URL_SERVICE_CATALOG/_ORGANIZATIONS/_EVENTBRIDGE, AWS_REGION and dummy credentials:
      // the SDK clients reach the emulator with no code switch.
      ...aws.clientEnv,
      // Poll Account Factory about four times per emulated provisioning, at least every second.
      BULKHEAD_VENDING_POLL_SECONDS: String(Math.max(1, Math.round(options.awsProvisionMs / 4_000))),
      NEXT_TELEMETRY_DISABLED: "1",
    };
    return {
      appUrl,
      appEnv,
      databaseUrl: appDatabaseUrl,
      databaseRole: appDatabaseUrl === databaseUrl ? "owner" : "app",
      databaseKind, oidcUrl: oidc.url, githubUrl: github.url, awsUrl: aws.url, close };
  } catch (error) {
    await close();
    throw error;
  }
}
