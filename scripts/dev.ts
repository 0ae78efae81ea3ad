// `npm run dev`: the whole portal on one machine. Database (PGlite unless DATABASE_URL
// is set), migrations, demo data, emulators, then `next dev`. One Ctrl-C stops it all.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { demoUsersBanner } from "./lib/banner";
import { assertPortFree } from "./lib/ports";
import { startStack, type Stack } from "./lib/start-stack";

const root = fileURLToPath(new URL("..", import.meta.url));
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main(): Promise<void> {
  const started = performance.now();
  const appPort = port("PORT", 3000);
  const ports = { appPort, oidcPort: port("BULKHEAD_OIDC_PORT", 4010), githubPort: port("BULKHEAD_GITHUB_PORT", 4020), awsPort: port("BULKHEAD_AWS_PORT", 4030) };
  await assertPortFree(ports.appPort, "PORT");
  await assertPortFree(ports.oidcPort, "BULKHEAD_OIDC_PORT");
  await assertPortFree(ports.githubPort, "BULKHEAD_GITHUB_PORT");
  await assertPortFree(ports.awsPort, "BULKHEAD_AWS_PORT");

  const stack: Stack = await startStack({
    stateDir: path.join(root, ".bulkhead"),
    // With DATABASE_MIGRATION_URL, migrations and demo data run as that owner and the portal
    // as DATABASE_URL's restricted role; PGlite (neither set) has one role for both.
    databaseUrl: process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL,
    appDatabaseUrl: process.env.DATABASE_MIGRATION_URL ? process.env.DATABASE_URL : undefined,
    pglitePort: port("BULKHEAD_PGLITE_PORT", 54329),
    ...ports,
    // Slow enough to watch a vend go CREATED → IN_PROGRESS → SUCCEEDED in the portal.
    awsProvisionMs: Number(process.env.BULKHEAD_AWS_PROVISION_MS ?? 20_000),
    log: (line) => console.log(`[bulkhead] ${line}`),
  });

  let next: ChildProcess | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\n[bulkhead] stopping…");
    if (next && next.exitCode === null) {
      const exited = new Promise((resolve) => next!.once("exit", resolve));
      next.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (next.exitCode === null) next.kill("SIGKILL");
    }
    await stack.close();
    console.log("[bulkhead] stopped cleanly");
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  next = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "dev", "-p", String(appPort)], {
    cwd: root,
    env: { ...process.env, ...stack.appEnv },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let announced = false;
  next.stdout?.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!announced && /Ready in|ready/i.test(chunk.toString())) {
      announced = true;
      console.log(
        demoUsersBanner({
          appUrl: stack.appUrl,
          database:
            stack.databaseKind === "pglite"
              ? `PGlite (${stack.databaseUrl}; one superuser, so the portal runs as the owner)`
              : stack.databaseRole === "app"
                ? "DATABASE_URL (the portal's own role; migrations as DATABASE_MIGRATION_URL)"
                : "DATABASE_URL (as the owner: set DATABASE_MIGRATION_URL to separate the roles)",
          emulators: { oidc: stack.oidcUrl, github: stack.githubUrl, aws: stack.awsUrl },
          startupMs: Math.round(performance.now() - started),
        }),
      );
    }
  });
  next.on("exit", (code) => {
    if (!stopping) {
      console.error(`[bulkhead] next dev exited with ${code}`);
      void stop(code ?? 1);
    }
  });
}

main().catch((error: unknown) => {
  console.error(`[bulkhead] could not start: ${(error as Error).message}`);
  process.exit(1);
});
