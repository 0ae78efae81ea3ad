// Production builds and `next start` for the benches: the portal (rebuilt only when a source
// file is newer than the last build) and any other Next app directory.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assertPortFree } from "../../scripts/lib/ports";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const nextBin = path.join(repoRoot, "node_modules/next/dist/bin/next");

/** What a production build of the portal depends on. */
const SOURCE_DIRS = ["app", "components", "lib", "public"];
const SOURCE_FILES = ["next.config.mjs", "package.json", "package-lock.json", "postcss.config.mjs", "tsconfig.json", "instrumentation.ts", "proxy.ts", "middleware.ts"];

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.isFile() || /\.(test|int\.test)\.tsx?$|\.test-support\.ts$/.test(entry.name)) continue;
    const info = await stat(path.join(entry.parentPath, entry.name));
    newest = Math.max(newest, info.mtimeMs);
  }
  return newest;
}

/** Why the portal's `.next` build cannot be reused, or null when it is fresh. */
export async function staleBuildReason(appDir = repoRoot): Promise<string | null> {
  let built: number;
  try {
    built = (await stat(path.join(appDir, ".next/BUILD_ID"))).mtimeMs;
  } catch {
    return "no build yet";
  }
  for (const dir of SOURCE_DIRS) {
    if ((await newestMtime(path.join(appDir, dir))) > built) return `${dir}/ changed since the last build`;
  }
  for (const file of SOURCE_FILES) {
    const info = await stat(path.join(appDir, file)).catch(() => null);
    if (info && info.mtimeMs > built) return `${file} changed since the last build`;
  }
  return null;
}

function runNext(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logFile?: string }): ChildProcess {
  const child = spawn(process.execPath, [nextBin, ...args], {
    cwd: options.cwd,
    env: { ...options.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (options.logFile) {
    const log = createWriteStream(options.logFile, { flags: "a" });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
  } else {
    child.stdout!.pipe(process.stdout);
    child.stderr!.pipe(process.stderr);
  }
  return child;
}

/** `next build` in `cwd`; rejects with the exit code. */
export async function buildNextApp(options: { cwd: string; env: NodeJS.ProcessEnv; log?: (line: string) => void }): Promise<number> {
  const started = performance.now();
  options.log?.(`next build in ${path.relative(repoRoot, options.cwd) || "."} …`);
  const child = runNext(["build"], { cwd: options.cwd, env: { ...options.env, NODE_ENV: "production" } });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`next build in ${options.cwd} exited with ${code}`);
  return performance.now() - started;
}

/**
 * Builds the portal unless `.next` is newer than every source file (BENCH_REBUILD=1 forces a
 * build, BENCH_SKIP_BUILD=1 uses whatever is there). Returns what happened, for the report.
 */
export async function ensurePortalBuild(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string> {
  const reason = process.env.BENCH_REBUILD === "1" ? "BENCH_REBUILD=1" : await staleBuildReason();
  if (process.env.BENCH_SKIP_BUILD === "1" && reason !== "no build yet") return "reused (BENCH_SKIP_BUILD=1)";
  if (!reason) return "reused (fresh)";
  log(`building the portal: ${reason}`);
  const ms = await buildNextApp({ cwd: repoRoot, env, log });
  return `built in ${Math.round(ms / 1000)} s (${reason})`;
}

export interface RunningNextServer {
  url: string;
  pid: number;
  close(): Promise<void>;
}

/** `next start` on `port`, ready once `readyPath` answers 200. Output goes to `logFile`. */
export async function startNextServer(options: {
  cwd: string;
  port: number;
  env: NodeJS.ProcessEnv;
  logFile: string;
  readyPath?: string;
  timeoutMs?: number;
}): Promise<RunningNextServer> {
  await assertPortFree(options.port, "BENCH_PORT_BASE or BENCH_APP_PORT / BENCH_BARE_PORT");
  const child = runNext(["start", "-p", String(options.port), "-H", "localhost"], {
    cwd: options.cwd,
    env: { ...options.env, NODE_ENV: "production", PORT: String(options.port) },
    logFile: options.logFile,
  });
  const url = `http://localhost:${options.port}`;
  let exited: number | null | undefined;
  child.on("exit", (code) => (exited = code));
  const close = async () => {
    if (exited !== undefined) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await gone;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`next start in ${options.cwd} exited with ${exited}; see ${options.logFile}`);
    try {
      const response = await fetch(`${url}${options.readyPath ?? "/"}`, { signal: AbortSignal.timeout(5_000), redirect: "manual" });
      if (response.status === 200) return { url, pid: child.pid!, close };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await close();
  throw new Error(`next start in ${options.cwd} did not answer ${options.readyPath ?? "/"} within ${options.timeoutMs ?? 120_000} ms; see ${options.logFile}`);
}
