// Catalogue ingest benchmark: a module monorepo (500 modules × 10 versions by default) served
// by the GitHub emulator (its own process, as in production GitHub is remote), synced into a
// fresh database; then a re-sync with nothing new. Then the parse limit: the same versions'
// root .tf files through @cdktn/hcl2json alone, serially and on worker threads, so the ratio
// of ingest to parsing is visible. Targets: ≥ 150 versions/s, re-sync < 2 s.
//
// BENCH_CORPUS=synthetic (default; the corpus the earlier figures used) or realistic
// (bench/corpus: READMEs of 1–30 KB, 5–90 typed inputs). BENCH_MODULES, BENCH_VERSIONS and
// BENCH_CONCURRENCY (versions in flight, default 8) override the size.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpusModules, readCorpusKind, writeModuleMonorepo } from "./corpus/write-module-monorepo";
import { collectRootTfFiles, measureSerialParse, measureWorkerParse } from "./support/measure-hcl-parse";
import { readProcessTreeCpuMs, trackDatabaseBackendsCpu } from "./support/process-cpu";
import { registerServerOnly } from "../lib/cli/register-server-only";

registerServerOnly();

const ORG = "bench-org";
const REPO = "synthetic-modules";
const root = fileURLToPath(new URL("..", import.meta.url));
const TARGET_VERSIONS_PER_SECOND = 150;

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

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Runs the benchmark; figures are milliseconds unless named otherwise. */
export async function runCatalogueIngestBench(options: { modules?: number; versions?: number } = {}): Promise<Record<string, unknown>> {
  const modules = options.modules ?? Number(process.env.BENCH_MODULES ?? 500);
  const versions = options.versions ?? Number(process.env.BENCH_VERSIONS ?? 10);
  const corpus = readCorpusKind(process.env.BENCH_CORPUS, "synthetic");
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const { migrateDatabase } = await import("../scripts/lib/migrate");
  const { createPrismaClient } = await import("../lib/platform/create-prisma-client");
  const { createGithubApp, getRepoOctokit } = await import("../lib/platform/github/github-app");
  const { createGithubModuleSource } = await import("../lib/catalogue/adapters/github-module-source");
  const { createPrismaCatalogueStore } = await import("../lib/catalogue/adapters/prisma-catalogue-store");
  const { syncModuleSource } = await import("../lib/catalogue/sync-module-source");

  const corpusModulesList = corpusModules(corpus, modules, versions);
  const stateDir = await mkdtemp(path.join(os.tmpdir(), "bulkhead-bench-ingest-"));
  const database = await createTestDatabase("bulkhead_bench_ingest");
  let emulator: { url: string; process: ChildProcess } | undefined;
  const db = createPrismaClient(database.url, { max: 8 });
  try {
    const generateStarted = performance.now();
    const tags = await writeModuleMonorepo({ bareDir: path.join(stateDir, "repos", ORG, `${REPO}.git`), modules: corpusModulesList });
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
    const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
    // BENCH_PROFILE=1: calls and summed wall time per store and GitHub-source method of the first
    // sync (calls overlap, so the sums can exceed the wall clock; they show where the waits are).
    const calls: Record<string, { calls: number; ms: number }> = {};
    let timing = process.env.BENCH_PROFILE === "1";
    const timed = <T extends object>(prefix: string, target: T): T =>
      Object.fromEntries(
        Object.entries(target).map(([key, fn]) => [
          key,
          typeof fn === "function"
            ? async (...args: unknown[]) => {
                if (!timing) return fn.apply(target, args);
                const started = performance.now();
                try {
                  return await fn.apply(target, args);
                } finally {
                  const entry = (calls[`${prefix}.${key}`] ??= { calls: 0, ms: 0 });
                  entry.calls += 1;
                  entry.ms += performance.now() - started;
                }
              }
            : fn,
        ]),
      ) as T;
    const deps = () => ({
      store: timed("store", createPrismaCatalogueStore({ db, databaseUrl: database.url })),
      openSource: () => timed("github", createGithubModuleSource({ getOctokit: (owner, repo) => getRepoOctokit(app, owner, repo) })),
      concurrency,
    });

    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
    // BENCH_CPU_PROFILE=<file>: a V8 CPU profile of the first sync's main thread (open it in Chrome's DevTools).
    const profiler = process.env.BENCH_CPU_PROFILE ? new (await import("node:inspector/promises")).Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    const loadBefore = os.loadavg()[0]!;
    // CPU per process: on a shared machine a steadier measure than the wall clock, and it shows
    // where the work is (the portal's threads, the emulator standing in for GitHub, PostgreSQL).
    const databaseName = new URL(database.url).pathname.slice(1);
    const backends = await trackDatabaseBackendsCpu(databaseName);
    const emulatorPid = emulator.process.pid!;
    const emulatorCpuBefore = await readProcessTreeCpuMs(emulatorPid);
    const portalCpuBefore = process.cpuUsage();
    const ingestStarted = performance.now();
    const first = await syncModuleSource(deps(), { sourceId: source.id, trigger: "manual" });
    const ingestMs = performance.now() - ingestStarted;
    timing = false;
    const portalCpu = process.cpuUsage(portalCpuBefore);
    const portalCpuMs = (portalCpu.user + portalCpu.system) / 1000;
    const emulatorCpuMs = (await readProcessTreeCpuMs(emulatorPid)) - emulatorCpuBefore;
    const postgresCpuMs = await backends.stop();
    if (profiler) {
      const { profile: cpuProfile } = await profiler.post("Profiler.stop");
      await (await import("node:fs/promises")).writeFile(process.env.BENCH_CPU_PROFILE!, JSON.stringify(cpuProfile));
      profiler.disconnect();
    }
    const resyncStarted = performance.now();
    const again = await syncModuleSource(deps(), { sourceId: source.id, trigger: "schedule" });
    const resyncMs = performance.now() - resyncStarted;
    clearInterval(sampler);
    if (first.status !== "succeeded" || first.counts.versionsIngested !== tags) {
      throw new Error(`ingest incomplete: ${first.counts.versionsIngested}/${tags} versions, ${first.error ?? "no error"}`);
    }
    if (again.counts.versionsIngested !== 0) throw new Error("re-sync ingested versions again");
    emulator.process.kill("SIGTERM");
    emulator = undefined;

    // Parse limit: the same versions' root .tf files, hcl2json only, nothing else running.
    const parseFiles = collectRootTfFiles(corpusModulesList);
    const serial = await measureSerialParse(parseFiles);
    const threaded = await measureWorkerParse(parseFiles);
    const loadAfter = os.loadavg()[0]!;
    if (serial.failed > 0 || threaded.failed > 0) throw new Error(`hcl2json failed on ${serial.failed} files serially and ${threaded.failed} on workers`);

    const perSecond = first.counts.versionsIngested / (ingestMs / 1000);
    const serialVersionsPerSecond = parseFiles.versions / (serial.ms / 1000);
    const threadedVersionsPerSecond = parseFiles.versions / (threaded.ms / 1000);
    return {
      corpus: `${corpus} (BENCH_CORPUS=synthetic|realistic)`,
      "modules × versions": `${modules} × ${versions}`,
      machine: `${os.availableParallelism()} CPUs, load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
      "generate repo (ms)": Math.round(generateMs),
      "versions ingested": first.counts.versionsIngested,
      "ingest concurrency (versions in flight)": concurrency,
      "ingest (ms)": Math.round(ingestMs),
      "ingest versions/s": round1(perSecond),
      [`ingest target ≥ ${TARGET_VERSIONS_PER_SECOND} versions/s`]: perSecond >= TARGET_VERSIONS_PER_SECOND ? "met" : "MISSED",
      "CPU per version, portal process (ms, every thread)": round2(portalCpuMs / first.counts.versionsIngested),
      "CPU per version, GitHub emulator + its git (ms)": round2(emulatorCpuMs / first.counts.versionsIngested),
      "CPU per version, PostgreSQL backends (ms)": round2(postgresCpuMs / first.counts.versionsIngested),
      "ingest versions/s per CPU-second of the portal": round1(first.counts.versionsIngested / (portalCpuMs / 1000)),
      "re-sync, nothing new (ms)": Math.round(resyncMs),
      "re-sync target < 2000 ms": resyncMs < 2000 ? "met" : "MISSED",
      "peak RSS of the portal process (MiB)": Math.round(peakRss / 1024 / 1024),
      "parse-only files (root .tf of every version)": `${parseFiles.files.length} files, ${round1(parseFiles.bytes / 1024 / 1024)} MiB`,
      "parse-only serial (ms)": Math.round(serial.ms),
      "parse-only serial versions/s": round1(serialVersionsPerSecond),
      "parse-only serial CPU per version (ms)": round2(serial.cpuMs / parseFiles.versions),
      [`parse-only ${threaded.threads} worker threads (ms)`]: Math.round(threaded.ms),
      [`parse-only ${threaded.threads} worker threads versions/s`]: round1(threadedVersionsPerSecond),
      "ingest ÷ serial parse limit": `${Math.round((perSecond / serialVersionsPerSecond) * 100)} %`,
      "ingest ÷ threaded parse limit": `${Math.round((perSecond / threadedVersionsPerSecond) * 100)} %`,
      ...(Object.keys(calls).length > 0
        ? { "first sync, per method (BENCH_PROFILE=1)": Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, { calls: v.calls, "summed ms": Math.round(v.ms), "mean ms": round2(v.ms / v.calls) }])) }
        : {}),
    };
  } finally {
    emulator?.process.kill("SIGTERM");
    await db.$disconnect();
    await database.drop();
    await rm(stateDir, { recursive: true, force: true });
  }
}
