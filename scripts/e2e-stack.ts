// Playwright's web server: a fresh database and emulator state, a production build,
// and `next start`, all torn down when Playwright sends SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { e2ePorts } from "../e2e/support/stack-config";
import { startStack } from "./lib/start-stack";
import { createTestDatabase } from "./lib/test-database";

const root = fileURLToPath(new URL("..", import.meta.url));
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [nextBin, ...args], { cwd: root, env, stdio: "inherit" });
}

async function main(): Promise<void> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), "bulkhead-e2e-"));
  const database = await createTestDatabase("bulkhead_e2e");
  let stack: Awaited<ReturnType<typeof startStack>>;
  try {
    stack = await startStack({
      stateDir,
      databaseUrl: database.url,
      // The portal runs as its own restricted role, as in production.
      appDatabaseUrl: database.appUrl,
      appPort: e2ePorts.app,
      oidcPort: e2ePorts.oidc,
      githubPort: e2ePorts.github,
      awsPort: e2ePorts.aws,
      awsProvisionMs: 1_500,
      log: (line) => console.log(`[e2e-stack] ${line}`),
    });
  } catch (error) {
    await database.drop();
    await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
  const env = { ...process.env, ...stack.appEnv, NODE_ENV: "production" as const };

  let server: ChildProcess | null = null;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    server?.kill("SIGTERM");
    await stack.close();
    await database.drop();
    await rm(stateDir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());

  const skipBuild = process.env.BULKHEAD_E2E_SKIP_BUILD === "1" && existsSync(path.join(root, ".next/BUILD_ID"));
  if (!skipBuild) {
    const build = run(["build"], env);
    const code = await new Promise<number | null>((resolve) => build.on("exit", resolve));
    if (code !== 0) {
      console.error(`[e2e-stack] next build failed with ${code}`);
      await stop(1);
      return;
    }
  }
  server = run(["start", "-p", String(e2ePorts.app)], env);
  server.on("exit", (code) => {
    if (!stopping) {
      console.error(`[e2e-stack] next start exited with ${code}`);
      void stop(1);
    }
  });
}

main().catch((error: unknown) => {
  console.error(`[e2e-stack] ${(error as Error).stack ?? error}`);
  process.exit(1);
});
