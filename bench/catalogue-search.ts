// Catalogue search benchmark through the real HTTP route, side by side with the use case alone.
//
// 1. A fresh database and the dev stack's pieces (scripts/lib/start-stack: migrations, demo
//    data, OIDC and GitHub emulators), plus the bench catalogue: bench/corpus's realistic
//    modules (500 × 3 releases by default) as a monorepo in the GitHub emulator.
// 2. `next build` (reused when .next is newer than every source file) and `next start`, whose
//    job worker ingests the bench catalogue through the production sync path.
// 3. alice signs in over HTTP (Auth.js + OIDC emulator); her session cookie goes on every request.
// 4. For 1, 20 and 100 concurrent clients: autocannon on GET /api/catalogue/modules (session,
//    auth, Next routing, JSON), then the use case in process on a pool the size of the app's.
//    Both are closed loops: latency includes queueing, so it is roughly clients ÷ throughput.
//
// Target: p95 < 50 ms. Env: BENCH_MODULES, BENCH_VERSIONS, BENCH_DURATION (s per phase),
// BENCH_CONCURRENCIES ("1,20,100"), BENCH_PORT_BASE (3400), BENCH_REBUILD / BENCH_SKIP_BUILD.
import { createRequire } from "node:module";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildCorpus, countVocabulary, renderModuleFiles } from "./corpus/generate-module-corpus";
import { writeModuleMonorepo } from "./corpus/write-module-monorepo";
import { BENCH_QUERIES, describeQuery, toQueryString, type BenchQuery } from "./search-queries";
import { benchPorts } from "./support/bench-ports";
import { ensurePortalBuild, repoRoot, startNextServer, type RunningNextServer } from "./support/next-app-server";
import { percentile, round2 } from "./support/percentile";
import { registerServerOnly } from "../lib/cli/register-server-only";
import { signInOverHttp } from "./support/sign-in-over-http";
import { waitForCatalogueSync } from "./support/wait-for-catalogue-sync";

registerServerOnly();

interface AutocannonResult {
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: "response", listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  timeout?: number;
  headers?: Record<string, string>;
  requests: Array<{ method: "GET"; path: string }>;
}) => AutocannonInstance;

const require = createRequire(import.meta.url);
const ORG = "acme-platform";
const BENCH_REPO = "bench-modules";
const TARGET_P95_MS = 50;
/** The portal's own pool size (lib/platform/create-prisma-client default), so both sides get the same. */
const APP_POOL_SIZE = 10;

interface Phase {
  requests: number;
  rps: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

function summarise(latencies: number[], seconds: number, errors: number): Phase {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: Math.round(latencies.length / seconds),
    errors,
    p50: round2(percentile(latencies, 50)),
    p95: round2(percentile(latencies, 95)),
    p99: round2(percentile(latencies, 99)),
  };
}

async function measureHttp(options: { url: string; cookie?: string; connections: number; durationSeconds: number; paths?: string[] }): Promise<Phase> {
  const autocannon = require("autocannon") as Autocannon;
  const paths = options.paths ?? BENCH_QUERIES.map((query) => `/api/catalogue/modules?${toQueryString(query)}`);
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 30,
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), accept: "application/json" },
    requests: paths.map((p) => ({ method: "GET" as const, path: p })),
  });
  const latencies: number[] = [];
  instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  return summarise(latencies, options.durationSeconds, result.errors + result.non2xx + result.timeouts);
}

async function measureUseCase(
  search: (q: BenchQuery) => Promise<unknown>,
  connections: number,
  durationSeconds: number,
  perQuery?: number[][],
): Promise<Phase> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      // Each client walks the query list in order, as each autocannon connection does.
      for (let next = 0; performance.now() < until; next++) {
        const started = performance.now();
        try {
          await search(BENCH_QUERIES[next % BENCH_QUERIES.length]!);
          const ms = performance.now() - started;
          latencies.push(ms);
          perQuery?.[next % BENCH_QUERIES.length]!.push(ms);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return summarise(latencies, durationSeconds, errors);
}

/** Seeds the bench catalogue, starts the app, and reports search latency (ms) over HTTP and in process. */
export async function runCatalogueSearchBench(): Promise<Record<string, unknown>> {
  const modules = Number(process.env.BENCH_MODULES ?? 500);
  const versions = Number(process.env.BENCH_VERSIONS ?? 3);
  const durationSeconds = Number(process.env.BENCH_DURATION ?? 10);
  const concurrencies = (process.env.BENCH_CONCURRENCIES ?? "1,20,100").split(",").map(Number);
  if (concurrencies.some((c) => !Number.isInteger(c) || c < 1)) throw new Error("BENCH_CONCURRENCIES must be a comma-separated list of positive integers");
  const ports = benchPorts();
  const log = (line: string) => console.log(`[search-bench] ${line}`);

  const { startStack } = await import("../scripts/lib/start-stack");
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const { createPrismaClient } = await import("../lib/platform/create-prisma-client");
  const { createSearchCaller } = await import("./search-use-case");

  const stateDir = await mkdtemp(path.join(os.tmpdir(), "bulkhead-bench-search-"));
  const logDir = path.join(repoRoot, "bench/results");
  await mkdir(logDir, { recursive: true });
  const database = await createTestDatabase("bulkhead_bench_search");
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  let server: RunningNextServer | undefined;
  const db = createPrismaClient(database.url, { max: APP_POOL_SIZE });
  try {
    stack = await startStack({ stateDir, databaseUrl: database.url, appPort: ports.app, oidcPort: ports.oidc, githubPort: ports.github, awsPort: ports.aws, awsProvisionMs: 1_500, log });

    // The bench catalogue: a monorepo in the stack's GitHub emulator, registered as a source
    // before the app starts, so that the app's worker syncs it with the demo sources.
    const corpus = buildCorpus({ modules, versions, owner: ORG, repo: BENCH_REPO });
    const generateStarted = performance.now();
    const tags = await writeModuleMonorepo({
      bareDir: path.join(stateDir, "github/repos", ORG, `${BENCH_REPO}.git`),
      modules: corpus.map((m) => ({ name: m.name, releases: m.releases, files: (i) => renderModuleFiles(m, i) })),
    });
    log(`bench catalogue: ${corpus.length} modules, ${tags} tags, written in ${Math.round(performance.now() - generateStarted)} ms`);
    await db.moduleSource.create({ data: { owner: ORG, repo: BENCH_REPO, layout: "monorepo", modulesDir: "modules" } });

    const build = await ensurePortalBuild({ ...process.env, ...stack.appEnv }, log);
    log(`portal build: ${build}`);
    const serverLog = path.join(logDir, "catalogue-search-next.log");
    server = await startNextServer({
      cwd: repoRoot,
      port: ports.app,
      env: { ...process.env, ...stack.appEnv, LOG_LEVEL: "warn", BULKHEAD_SYNC_CRON: "0 0 1 1 *" },
      logFile: serverLog,
      readyPath: "/api/health",
    });
    log(`next start on ${server.url} (log: ${path.relative(repoRoot, serverLog)})`);
    const sync = await waitForCatalogueSync(db, { timeoutMs: 15 * 60_000, log });
    log(`app synced ${sync.versions} versions in ${Math.round(sync.ms / 1000)} s`);
    // Fresh tables have no statistics; without them the planner may skip the text index.
    await db.$executeRawUnsafe("ANALYZE");

    const cookie = await signInOverHttp(server.url, "alice");
    const search = createSearchCaller(db);

    // Match rates, and a check that the route answers what the use case answers.
    const catalogueSize = (await search({})).total;
    const matchRates: Array<{ query: string; matches: number; share: string }> = [];
    for (const query of BENCH_QUERIES) {
      const direct = await search(query);
      const response = await fetch(`${server.url}/api/catalogue/modules?${toQueryString(query)}`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
      if (response.status !== 200) throw new Error(`GET /api/catalogue/modules?${toQueryString(query)} answered ${response.status}`);
      const body = (await response.json()) as { total?: number };
      if (body.total !== direct.total) throw new Error(`route and use case disagree on ${describeQuery(query)}: ${body.total} vs ${direct.total}`);
      matchRates.push({ query: describeQuery(query), matches: direct.total, share: `${((direct.total / catalogueSize) * 100).toFixed(1)} %` });
    }
    const latestTexts = corpus.map((m) => {
      const files = renderModuleFiles(m, m.releases.length - 1);
      return [m.name, ...m.inputs.map((i) => `${i.name} ${i.description}`), ...m.outputs.map((o) => o.name), files["README.md"]].join("\n");
    });
    const readmeSizes = corpus.map((m) => Buffer.byteLength(renderModuleFiles(m, m.releases.length - 1)["README.md"]!)).sort((a, b) => a - b);
    let indexedLexemes: number | string = "n/a";
    try {
      const rows = await db.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM ts_stat($$SELECT m.search_vector FROM modules m JOIN module_sources s ON s.id = m.source_id WHERE s.repo = '${BENCH_REPO}'$$)`,
      );
      indexedLexemes = rows[0]?.n ?? "n/a";
    } catch {
      // The text index's column may have moved; the word count below still stands.
    }

    // Warm-up: connections, plans, JIT, caches.
    await measureHttp({ url: server.url, cookie, connections: 20, durationSeconds: 3 });
    await measureUseCase(search, 20, 1);

    const rows: Array<Record<string, string | number>> = [];
    const figures: Record<string, unknown> = {};
    const perQuery = BENCH_QUERIES.map(() => [] as number[]);
    const floorSeconds = Math.max(2, Math.round(durationSeconds / 2));
    const loadBefore = os.loadavg()[0]!;
    for (const connections of concurrencies) {
      log(`measuring ${connections} client(s): HTTP, the use case (${durationSeconds} s each), then next start's floor (${floorSeconds} s)`);
      const http = await measureHttp({ url: server.url, cookie, connections, durationSeconds });
      const direct = await measureUseCase(search, connections, durationSeconds, connections === 1 ? perQuery : undefined);
      // What next start costs without the session or search: the public health route (one SELECT 1).
      const floor = await measureHttp({ url: server.url, connections, durationSeconds: floorSeconds, paths: ["/api/health"] });
      rows.push({
        clients: connections,
        "HTTP p50": http.p50,
        "HTTP p95": http.p95,
        "HTTP p99": http.p99,
        "HTTP req/s": http.rps,
        "HTTP errors": http.errors,
        "use case p50": direct.p50,
        "use case p95": direct.p95,
        "use case p99": direct.p99,
        "use case req/s": direct.rps,
        "floor p95": floor.p95,
        "floor req/s": floor.rps,
        [`p95 < ${TARGET_P95_MS} ms`]: http.p95 < TARGET_P95_MS && direct.p95 < TARGET_P95_MS ? "met" : "MISSED",
      });
      figures[`c${connections}`] = { http, useCase: direct, healthFloor: floor };
    }
    const loadAfter = os.loadavg()[0]!;

    return {
      summary: {
        catalogue: `${catalogueSize} modules with a usable version (${corpus.length} bench + demo), ${sync.versions} versions`,
        "bench corpus": `bench/corpus, ${versions} releases per module, README p10/p50/p90/max ${[0.1, 0.5, 0.9, 1].map((p) => (readmeSizes[Math.min(readmeSizes.length - 1, Math.floor(p * readmeSizes.length))]! / 1024).toFixed(1)).join("/")} KB`,
        "vocabulary (distinct words in bench modules' names, inputs, outputs, READMEs)": countVocabulary(latestTexts),
        "lexemes in the bench modules' text index (ts_stat)": indexedLexemes,
        "portal build": build,
        "app ingest of the catalogue (s)": Math.round(sync.ms / 1000),
        route: "GET /api/catalogue/modules on next start, signed in as alice",
        "use case": `bench/search-use-case.ts, in process, pool of ${APP_POOL_SIZE} (the app's)`,
        "per phase": `${durationSeconds} s, after a 3 s HTTP and 1 s use-case warm-up`,
        machine: `${os.availableParallelism()} CPUs, load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
        target: `p95 < ${TARGET_P95_MS} ms`,
      },
      "bench queries and the share of the catalogue each matches": matchRates,
      "latency in ms (closed loop; includes queueing; floor = GET /api/health, no session)": rows,
      "use case per query at 1 client (ms)": BENCH_QUERIES.map((query, i) => {
        const sorted = [...perQuery[i]!].sort((a, b) => a - b);
        return { query: describeQuery(query), runs: sorted.length, p50: round2(percentile(sorted, 50)), p95: round2(percentile(sorted, 95)) };
      }),
      raw: figures,
    };
  } finally {
    await server?.close();
    await db.$disconnect();
    await stack?.close();
    await database.drop();
    await rm(stateDir, { recursive: true, force: true });
  }
}
