// Catalogue search benchmark: 500 modules × 10 versions in a fresh database, then searchModules
// and the list API path at 20 concurrent clients. Target: p95 < 50 ms.
//
// Both phases are closed loops: each client sends its next search as soon as the previous one
// answers, so latency includes queueing and is roughly connections ÷ throughput. The synthetic
// READMEs draw on a small vocabulary, so most text queries match nearly every module: a worst
// case for ranking and facets. The machine's load average is reported with the figures, because
// on a shared machine other work inflates them.
//
// The HTTP figures come from a small node:http server that parses the query string with the
// same zod schema and calls the same use case as GET /api/catalogue/modules. It leaves out
// Next's own routing and the session check. Pass `baseUrl` (and `cookie`, a signed-in session
// cookie) to measure a running `next start` instead.
import http from "node:http";
import os from "node:os";
import type { AddressInfo } from "node:net";
import { createRequire, register } from "node:module";
import type { CatalogueDeps } from "../lib/catalogue/ports";
import { createPrismaClient, type Db } from "../lib/platform/create-prisma-client";
import { searchModules } from "../lib/catalogue/search-modules";
import { searchModulesInputSchema, type SearchModulesInput } from "../lib/catalogue/search-modules-query";
import { migrateDatabase } from "../scripts/lib/migrate";
import { createTestDatabase } from "../scripts/lib/test-database";

interface AutocannonResult {
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  latency: { p50: number; p99: number };
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: "response", listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests: Array<{ method: "GET"; path: string }>;
}) => AutocannonInstance;

const require = createRequire(import.meta.url);

export interface CatalogueSearchBenchOptions {
  /** Measure this running app's GET /api/catalogue/modules instead of the in-process server. */
  baseUrl?: string;
  /** Cookie header for `baseUrl` (the route needs a session). */
  cookie?: string;
  /** Seed and search this migrated database (an earlier bench catalogue in it is replaced); default: a fresh one. */
  databaseUrl?: string;
  modules?: number;
  versionsPerModule?: number;
  connections?: number;
  durationSeconds?: number;
}

const WORDS = (
  "network subnet route gateway nat vpc peering transit endpoint bucket object lifecycle replication encryption key rotation " +
  "alias policy role trust assume permission boundary database postgres replica backup snapshot parameter cluster node group " +
  "autoscaling container service task definition load balancer listener target health check function runtime layer queue " +
  "dead letter topic subscription alarm metric dashboard log retention firewall rule rate limit certificate domain record zone " +
  "tags owner environment region account compliance audit monitoring tracing secret rotation schedule window maintenance"
).split(" ");
const NAMES = ["vpc", "s3-bucket", "kms-key", "iam-role", "rds-postgres", "ecs-service", "alb", "lambda-function", "dynamodb-table", "sqs-queue", "sns-topic", "eks-cluster", "waf-acl", "cloudwatch-alarms"];
const BENCH_OWNER = "bench-org";
const CATEGORIES = ["networking", "storage", "security", "compute", "database", "messaging", "observability"];

/** A small deterministic PRNG, so every run searches the same catalogue. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The queries a builder types, as a search-as-you-type client would send them. */
export const BENCH_QUERIES: SearchModulesInput[] = [
  {},
  { q: "vp" },
  { q: "vpc" },
  { q: "sub" },
  { q: "subnet" },
  { q: "enable nat" },
  { q: "bucket lifecycle" },
  { q: "rotation", category: "security" },
  { q: "database backup", sort: "updated" },
  { category: "networking" },
  { provider: "aws", status: "active", sort: "updated" },
  { page: 5 },
  { q: "tags", page: 3 },
  { q: "zzzz-no-hit" },
];

async function seedCatalogue(db: Db, options: { modules: number; versionsPerModule: number }): Promise<void> {
  const random = createRandom(42);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  // A given database may hold an earlier run's catalogue: start from the same state every time.
  await db.moduleVersion.deleteMany({ where: { module: { source: { owner: BENCH_OWNER } } } });
  await db.module.deleteMany({ where: { source: { owner: BENCH_OWNER } } });
  await db.moduleSource.deleteMany({ where: { owner: BENCH_OWNER } });
  const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
  const sources = await Promise.all(
    ["iac-modules", "iac-modules-legacy", "terraform-aws-shared"].map((repo) =>
      db.moduleSource.create({ data: { owner: BENCH_OWNER, repo, layout: "monorepo" } }),
    ),
  );
  const modules = Array.from({ length: options.modules }, (_, k) => {
    const name = `${pick(NAMES)}-${k}`;
    const inputs = Array.from({ length: 12 }, () => `${pick(WORDS)}_${pick(WORDS)}`);
    const description = `${sentence(14)}.`;
    // A realistic README: a few hundred words, like the seeded modules' READMEs.
    const readme = Array.from({ length: 8 }, () => sentence(60)).join("\n\n");
    return {
      id: crypto.randomUUID(),
      sourceId: sources[k % sources.length]!.id,
      name,
      path: `modules/${name}`,
      provider: k % 17 === 0 ? "awscc" : "aws",
      category: pick(CATEGORIES),
      description,
      status: k % 23 === 0 ? ("deprecated" as const) : ("active" as const),
      latestVersion: `1.${options.versionsPerModule - 1}.0`,
      searchText: [name, description, ...inputs, readme].join("\n"),
      updatedAt: new Date(Date.now() - Math.floor(random() * 400) * 86_400_000),
      inputs,
    };
  });
  await db.module.createMany({ data: modules.map(({ inputs: _inputs, ...m }) => m) });
  const versions = modules.flatMap((m) =>
    Array.from({ length: options.versionsPerModule }, (_, v) => ({
      moduleId: m.id,
      version: `1.${v}.0`,
      tag: `${m.name}/v1.${v}.0`,
      commitSha: "0".repeat(40),
      major: 1,
      minor: v,
      patch: 0,
      docs: {
        inputs: m.inputs.map((name) => ({ name, type: "string", description: sentence(10), required: random() < 0.3 })),
        outputs: [{ name: "id", description: "ID", sensitive: false }],
        readme: null,
      },
      status: v === 0 && m.name.endsWith("7") ? ("withdrawn" as const) : ("active" as const),
    })),
  );
  for (let k = 0; k < versions.length; k += 1_000) await db.moduleVersion.createMany({ data: versions.slice(k, k + 1_000) });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

const round = (n: number) => Math.round(n * 100) / 100;

// The adapters are `server-only` for Next; outside it, resolve that marker as React's server build does.
register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function resolve(s, c, n) { return s === "server-only" ? n(s, { ...c, conditions: [...c.conditions, "react-server"] }) : n(s, c); }',
    ),
  import.meta.url,
);

type SearchDeps = Pick<CatalogueDeps, "reader">;

async function measureUseCase(deps: SearchDeps, connections: number, durationMs: number): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + durationMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const query = BENCH_QUERIES[next++ % BENCH_QUERIES.length]!;
        const started = performance.now();
        await searchModules(deps, query);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

function startSearchServer(deps: SearchDeps): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://bench");
    const parsed = searchModulesInputSchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) {
      res.writeHead(422).end();
      return;
    }
    searchModules(deps, parsed.data).then(
      (result) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(result));
      },
      (error: unknown) => {
        res.writeHead(500).end(String(error));
      },
    );
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            // Idle keep-alive sockets would otherwise hold the process open after the run.
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function measureHttp(options: { url: string; cookie?: string; connections: number; durationSeconds: number }) {
  const autocannon = require("autocannon") as Autocannon;
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: options.cookie ? { cookie: options.cookie, accept: "application/json" } : { accept: "application/json" },
    requests: BENCH_QUERIES.map((query) => ({
      method: "GET" as const,
      path: `/api/catalogue/modules?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`,
    })),
  });
  const latencies: number[] = [];
  instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return { result, latencies };
}

/** Seeds a synthetic catalogue and reports search latency (ms) for the use case and the HTTP path. */
export async function runCatalogueSearchBench(options: CatalogueSearchBenchOptions = {}): Promise<Record<string, number | string>> {
  const modules = options.modules ?? 500;
  const versionsPerModule = options.versionsPerModule ?? 10;
  const connections = options.connections ?? 20;
  const durationSeconds = options.durationSeconds ?? 10;
  const database = options.databaseUrl ? null : await createTestDatabase("bulkhead_bench_search");
  const databaseUrl = options.databaseUrl ?? database!.url;
  // One pool connection per client, as a production instance under this load would have.
  const db = createPrismaClient(databaseUrl, { max: connections });
  // Imported once the server-only hook above is in place.
  const { createPrismaCatalogueReader } = await import("../lib/catalogue/adapters/prisma-catalogue-reader");
  const deps: SearchDeps = { reader: createPrismaCatalogueReader(db) };
  try {
    if (database) await migrateDatabase(databaseUrl);
    const seedStarted = performance.now();
    await seedCatalogue(db, { modules, versionsPerModule });
    const seedMs = performance.now() - seedStarted;
    // Fresh tables have no statistics; without them the planner may skip the GIN index.
    await db.$executeRaw`ANALYZE modules`;
    await db.$executeRaw`ANALYZE module_versions`;
    await db.$executeRaw`ANALYZE module_sources`;
    await measureUseCase(deps, connections, 1_000); // warm-up: pool, plans, caches

    const loadBefore = os.loadavg()[0]!;
    const direct = await measureUseCase(deps, connections, durationSeconds * 1_000);
    const server = options.baseUrl ? null : await startSearchServer(deps);
    let httpRun: Awaited<ReturnType<typeof measureHttp>>;
    try {
      httpRun = await measureHttp({ url: options.baseUrl ?? server!.url, cookie: options.cookie, connections, durationSeconds });
    } finally {
      await server?.close();
    }
    const loadAfter = os.loadavg()[0]!;
    const p95 = percentile(httpRun.latencies, 95);
    return {
      database: database?.kind ?? "given",
      catalogue: `${modules} modules × ${versionsPerModule} versions`,
      seedMs: Math.round(seedMs),
      mode: "closed loop (latency includes queueing)",
      connections: `${connections} clients, ${connections} pool connections`,
      durationPerPhase: `${durationSeconds} s each, after one 1 s warm-up`,
      machine: `${os.cpus().length} CPUs, load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
      useCaseTarget: "searchModules(db, query) in process",
      useCaseRequests: direct.length,
      useCaseRps: Math.round(direct.length / durationSeconds),
      useCaseP50Ms: round(percentile(direct, 50)),
      useCaseP95Ms: round(percentile(direct, 95)),
      useCaseP99Ms: round(percentile(direct, 99)),
      httpTarget: options.baseUrl ? `${options.baseUrl} (next start)` : "node:http + searchModules (no Next, no auth)",
      httpRequests: httpRun.result.requests.total,
      httpRps: Math.round(httpRun.result.requests.average),
      httpErrors: httpRun.result.errors + httpRun.result.non2xx,
      httpP50Ms: round(percentile(httpRun.latencies, 50)),
      httpP95Ms: round(p95),
      httpP99Ms: round(percentile(httpRun.latencies, 99)),
      targetP95Ms: 50,
      meetsTarget: p95 < 50 && percentile(direct, 95) < 50 ? "yes" : "no",
    };
  } finally {
    await db.$disconnect();
    await database?.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCatalogueSearchBench({ baseUrl: process.env.BENCH_BASE_URL, cookie: process.env.BENCH_COOKIE }).then(
    (figures) => console.table(figures),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
