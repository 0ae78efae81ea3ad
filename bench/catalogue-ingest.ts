// Catalogue ingest benchmark: a synthetic monorepo of 500 modules × 10 versions served by
// the GitHub emulator (its own process, as in production GitHub is remote), synced into a
// fresh database; then a re-sync with nothing new. Targets: ≥ 100 versions/s, re-sync < 2 s.
import { spawn, type ChildProcess } from "node:child_process";
import { register } from "node:module";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The adapters are `server-only` for Next; outside it, resolve that marker as React's server build does.
register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function resolve(s, c, n) { return s === "server-only" ? n(s, { ...c, conditions: [...c.conditions, "react-server"] }) : n(s, c); }',
    ),
  import.meta.url,
);

const ORG = "bench-org";
const REPO = "synthetic-modules";
const root = fileURLToPath(new URL("..", import.meta.url));

async function startEmulatorProcess(stateDir: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "emulators/github/main.ts"), "--port", "0", "--state-dir", stateDir, "--org", ORG], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
  });
  return { url, process: child };
}

/** Runs the benchmark; figures are milliseconds unless named otherwise. */
export async function runCatalogueIngestBench(options: { modules?: number; versions?: number } = {}): Promise<Record<string, number | string>> {
  const modules = options.modules ?? Number(process.env.BENCH_MODULES ?? 500);
  const versions = options.versions ?? Number(process.env.BENCH_VERSIONS ?? 10);
  const { generateSyntheticMonorepo } = await import("./generate-synthetic-monorepo");
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const { migrateDatabase } = await import("../scripts/lib/migrate");
  const { createPrismaClient } = await import("../lib/platform/create-prisma-client");
  const { createGithubApp, getRepoOctokit } = await import("../lib/platform/github/github-app");
  const { createGithubModuleSource } = await import("../lib/catalogue/adapters/github-module-source");
  const { createPrismaCatalogueStore } = await import("../lib/catalogue/adapters/prisma-catalogue-store");
  const { syncModuleSource } = await import("../lib/catalogue/sync-module-source");
  const { readFile } = await import("node:fs/promises");

  const stateDir = await mkdtemp(path.join(os.tmpdir(), "bulkhead-bench-ingest-"));
  const database = await createTestDatabase("bulkhead_bench_ingest");
  let emulator: { url: string; process: ChildProcess } | undefined;
  const db = createPrismaClient(database.url, { max: 8 });
  try {
    const generateStarted = performance.now();
    const tags = await generateSyntheticMonorepo({ bareDir: path.join(stateDir, "repos", ORG, `${REPO}.git`), modules, versions });
    const generateMs = performance.now() - generateStarted;
    await migrateDatabase(database.url);
    emulator = await startEmulatorProcess(stateDir);
    const app = createGithubApp({
      appId: "1",
      privateKey: await readFile(path.join(stateDir, "app-private-key.pem"), "utf8"),
      webhookSecret: "bench",
      apiUrl: `${emulator.url}/api/v3`,
      gitUrl: emulator.url,
      org: ORG,
    });
    const source = await db.moduleSource.create({ data: { owner: ORG, repo: REPO, layout: "monorepo", modulesDir: "modules" } });
    const deps = () => ({
      store: createPrismaCatalogueStore({ db, databaseUrl: database.url }),
      openSource: () => createGithubModuleSource({ getOctokit: (owner, repo) => getRepoOctokit(app, owner, repo) }),
      concurrency: Number(process.env.BENCH_CONCURRENCY ?? 8),
    });

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const ingestStarted = performance.now();
    const first = await syncModuleSource(deps(), { sourceId: source.id, trigger: "manual" });
    const ingestMs = performance.now() - ingestStarted;
    const resyncStarted = performance.now();
    const again = await syncModuleSource(deps(), { sourceId: source.id, trigger: "schedule" });
    const resyncMs = performance.now() - resyncStarted;
    clearInterval(sampler);
    if (first.status !== "succeeded" || first.counts.versionsIngested !== tags) {
      throw new Error(`ingest incomplete: ${first.counts.versionsIngested}/${tags} versions, ${first.error ?? "no error"}`);
    }
    if (again.counts.versionsIngested !== 0) throw new Error("re-sync ingested versions again");
    const perSecond = first.counts.versionsIngested / (ingestMs / 1000);
    return {
      "modules × versions": `${modules} × ${versions}`,
      "generate repo (ms)": Math.round(generateMs),
      "versions ingested": first.counts.versionsIngested,
      "ingest (ms)": Math.round(ingestMs),
      "versions/s": Math.round(perSecond * 10) / 10,
      "versions/s target ≥ 100": perSecond >= 100 ? "met" : "MISSED",
      "re-sync, nothing new (ms)": Math.round(resyncMs),
      "re-sync target < 2000 ms": resyncMs < 2000 ? "met" : "MISSED",
      "peak RSS of the portal process (MiB)": Math.round(peakRss / 1024 / 1024),
    };
  } finally {
    emulator?.process.kill("SIGTERM");
    await db.$disconnect();
    await database.drop();
    await rm(stateDir, { recursive: true, force: true });
  }
}
