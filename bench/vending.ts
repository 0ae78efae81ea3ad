// Vending benchmark: 50 account requests through the real worker, the Prisma store on a fresh
// database and the AWS emulator (its own process, as AWS is remote) provisioning each account
// in 200 ms with Control Tower's limit of 5 in flight. Ideal: 50 × 200 ms / 5 = 2 s.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { benchPorts } from "./support/bench-ports";
import { percentile } from "./support/percentile";
import { registerServerOnly } from "../lib/cli/register-server-only";

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 50);
const PROVISION_MS = Number(process.env.BENCH_PROVISION_MS ?? 200);
const MAX_IN_FLIGHT = 5;
const TARGET_RATIO = 1.2;
const root = fileURLToPath(new URL("..", import.meta.url));

async function startAwsEmulatorProcess(port: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "emulators/aws/main.ts"), "--port", String(port), "--provision-ms", String(PROVISION_MS), "--max-in-flight", String(MAX_IN_FLIGHT)], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/__emulator/health`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the AWS emulator did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Row writes (inserts, updates, deletes) on every table, as PostgreSQL counts them. */
async function rowWrites(databaseUrl: string): Promise<number> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ writes: string }>("SELECT COALESCE(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text AS writes FROM pg_stat_user_tables WHERE schemaname = 'public'");
    return Number(rows[0]?.writes ?? 0);
  } finally {
    await client.end();
  }
}

/** Row writes per table (inserts + updates + deletes), to see which rows the writes go to. */
async function rowWritesByTable(databaseUrl: string): Promise<Map<string, number>> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string; writes: string }>("SELECT relname AS table, (n_tup_ins + n_tup_upd + n_tup_del)::text AS writes FROM pg_stat_user_tables WHERE schemaname = 'public'");
    return new Map(rows.map((r) => [r.table, Number(r.writes)]));
  } finally {
    await client.end();
  }
}

const mean = (values: number[]) => (values.length > 0 ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null);

/** Runs the benchmark and returns its figures (milliseconds unless named otherwise). */
export async function runVendingBench(): Promise<Record<string, unknown>> {
  registerServerOnly();
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const { migrateDatabase } = await import("../scripts/lib/migrate");
  const { createPrismaClient } = await import("../lib/platform/create-prisma-client");
  const { seedDemoData, seedVendingDemo } = await import("../prisma/seed-demo-data");
  const { ServiceCatalogClient } = await import("@aws-sdk/client-service-catalog");
  const { OrganizationsClient } = await import("@aws-sdk/client-organizations");
  const { buildAwsClientConfig } = await import("../lib/platform/aws-client-config");
  const { createServiceCatalogAccountFactory } = await import("../lib/vending/adapters/service-catalog-account-factory");
  const { createOrganizationsDirectory } = await import("../lib/vending/adapters/organizations-directory");
  const { createPrismaVendingStore } = await import("../lib/vending/adapters/prisma-vending-store");
  const { createPrismaWorkloadStore } = await import("../lib/workloads/adapters/prisma-workload-store");
  const { createNoopVendingEvents } = await import("../lib/vending/adapters/eventbridge-vending-events");
  const { requestAccountSet } = await import("../lib/vending/request-account-set");
  const { decideAccountSet } = await import("../lib/vending/decide-account-set");
  const { runVendingWorker } = await import("../lib/vending/run-vending-worker");
  const { createFakePullRequests, createFakeRepoFactory } = await import("../test/fake-vending-deps");

  const database = await createTestDatabase("bulkhead_bench_vending");
  let aws: { url: string; child: ChildProcess } | null = null;
  const db = createPrismaClient(database.url, { max: 10 });
  try {
    await migrateDatabase(database.url);
    await seedDemoData(db);
    await seedVendingDemo(db);
    aws = await startAwsEmulatorProcess(benchPorts().aws);
    const awsUrl = aws.url;
    const control = async (route: string, body?: unknown) =>
      (await fetch(`${awsUrl}/__emulator${route}`, { method: body === undefined ? "GET" : "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;

    const awsConfig = buildAwsClientConfig({ region: "us-east-1", endpoint: awsUrl, credentials: { accessKeyId: "AKIAEMULATORBULKHEAD", secretAccessKey: "bulkhead-emulator-secret-key" } });
    // GitHub is not what this bench measures (the scaffold bench is): the pull requests go to
    // the in-memory publisher, so the wiring costs the portal's own work only.
    const github = createFakePullRequests(["acme-platform/aws-accounts"]);
    const repos = createFakeRepoFactory((name) => github.known.add(name));
    const deps = {
      store: createPrismaVendingStore(db),
      accountFactory: createServiceCatalogAccountFactory({ client: new ServiceCatalogClient(awsConfig) }),
      directory: createOrganizationsDirectory({ client: new OrganizationsClient(awsConfig) }),
      events: createNoopVendingEvents(),
      pullRequests: github.pullRequests,
      repoFactory: repos.factory,
      workloads: createPrismaWorkloadStore(db),
      config: { publicUrl: "http://portal.bench" },
      wakeWorker: async () => {},
      timings: {
        pollBackoff: { initialMs: 20, factor: 1, maxMs: 20, jitter: 0 },
        retryBackoff: { initialMs: 50, factor: 1.5, maxMs: 500, jitter: 0 },
        leaseMs: 30_000,
        maxWiringAttempts: 3,
      },
    };

    const team = await db.team.findUniqueOrThrow({ where: { slug: "payments" } });
    const bobRow = await db.user.create({ data: { externalId: `bench:bob:${randomUUID()}`, username: "bob", name: "Bob Lead", email: "bob@acme.example" } });
    const bob = { id: bobRow.id, username: "bob", name: "Bob Lead", email: "bob@acme.example", role: "lead" as const, workloads: [{ slug: "payments", name: "Payments", role: "lead" as const }] };
    const carol = { id: randomUUID(), username: "carol", name: "Carol Admin", email: null, role: "admin" as const, workloads: [] };
    for (let i = 1; i <= ACCOUNTS; i++) {
      const { record } = await requestAccountSet(deps, bob, {
        idempotencyKey: randomUUID(),
        workload: { kind: "new", slug: `bench${String(i).padStart(3, "0")}`, name: `Bench ${i}`, teamSlug: team.slug },
        tier: 3,
        sso: { firstName: "Bob", lastName: "Lead", email: "bob@acme.example" },
        tags: { CostCode: "CC-1234", Owner: "bob@acme.example", DataClassification: "internal" },
      });
      await decideAccountSet(deps, carol, { id: record.id, decision: "approve" });
    }
    await control("/provisioning", { resetPeak: true });
    // Row counts after the requests, with every backend's statistics flushed.
    await db.$disconnect();
    const writesBefore = await rowWrites(database.url);
    const tableWritesBefore = await rowWritesByTable(database.url);
    const auditBefore = await db.auditEvent.count();

    // BENCH_WIRING=0 leaves the sets unwired, to time the account pipeline alone.
    const wiring = process.env.BENCH_WIRING !== "0";
    if (!wiring) deps.store = { ...deps.store, leaseSetsToSettle: async () => [] };
    const profile: Record<string, { calls: number; ms: number; queries: number }> = {};
    // Which store call each PostgreSQL round trip belongs to (the rest: the workloads store, the bench).
    const { AsyncLocalStorage } = await import("node:async_hooks");
    const caller = new AsyncLocalStorage<string>();
    if (process.env.BENCH_PROFILE === "1") {
      const wrap = <T extends object>(name: string, target: T): T =>
        Object.fromEntries(
          Object.entries(target).map(([key, fn]) => [
            key,
            typeof fn === "function"
              ? async (...args: unknown[]) => {
                  const t = performance.now();
                  try {
                    return await caller.run(`${name}.${key}`, () => (fn as (...a: unknown[]) => Promise<unknown>)(...args));
                  } finally {
                    const entry = (profile[`${name}.${key}`] ??= { calls: 0, ms: 0, queries: 0 });
                    entry.calls++;
                    entry.ms += performance.now() - t;
                  }
                }
              : fn,
          ]),
        ) as T;
      deps.store = wrap("store", deps.store);
      deps.accountFactory = wrap("aws", deps.accountFactory);
      deps.directory = wrap("org", deps.directory);
    }
    // BENCH_CPU_PROFILE=<file>: a V8 CPU profile of the worker's run alone (open it in Chrome's DevTools).
    const profiler = process.env.BENCH_CPU_PROFILE ? new (await import("node:inspector/promises")).Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    // Round trips to PostgreSQL (every statement, BEGIN and COMMIT included) while the worker runs.
    const pgClient = (await import("pg")).default.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const pgQuery = pgClient.query;
    let queries = 0;
    pgClient.query = function (this: unknown, ...args: unknown[]) {
      queries++;
      const name = caller.getStore() ?? "(other)";
      (profile[name] ??= { calls: 0, ms: 0, queries: 0 }).queries++;
      return pgQuery.apply(this, args);
    };
    const started = performance.now();
    const startedAt = Date.now();
    const cpuBefore = process.cpuUsage();
    const worker = new AbortController();
    const running = runVendingWorker(deps, { owner: "bench-worker", budgetMs: 120_000, idleMs: 5, maxSleepMs: 50, signal: worker.signal });
    if (!wiring) {
      // Nothing settles the sets, so the worker would wait for them: stop once every account is done.
      while ((await db.accountRequest.count({ where: { status: { not: "done" } } })) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      worker.abort();
    }
    const totals = await running;
    const wiredMs = performance.now() - started;
    // The portal process's own CPU (the emulator runs apart): on a shared machine a steadier
    // measure of its work than the wall clock.
    const cpu = process.cpuUsage(cpuBefore);
    pgClient.query = pgQuery;
    const queriesDuringRun = queries;
    if (profiler) {
      const { profile: cpuProfile } = await profiler.post("Profiler.stop");
      await (await import("node:fs/promises")).writeFile(process.env.BENCH_CPU_PROFILE!, JSON.stringify(cpuProfile));
      profiler.disconnect();
    }

    const accounts = await db.accountRequest.findMany({ select: { status: true, submittedAt: true, finishedAt: true, attempt: true } });
    const done = accounts.filter((a) => a.status === "done" && a.submittedAt && a.finishedAt);
    if (done.length !== ACCOUNTS) throw new Error(`${done.length} of ${ACCOUNTS} accounts were vended`);
    const lastDone = Math.max(...done.map((a) => a.finishedAt!.getTime()));
    const totalMs = lastDone - startedAt;
    const perAccount = done.map((a) => a.finishedAt!.getTime() - a.submittedAt!.getTime() - PROVISION_MS).sort((a, b) => a - b);
    const health = await control("/health");
    // Control Tower's side: how busy its 5 slots were between the first provision and the last.
    const records = ((await control("/state")).records as Array<{ id: string; createdAt: number; completeAt: number }>).filter((r) => r.createdAt >= startedAt);
    const busyMs = records.reduce((sum, r) => sum + (r.completeAt - r.createdAt), 0);
    const wallMs = Math.max(...records.map((r) => r.completeAt)) - Math.min(...records.map((r) => r.createdAt));
    const slotGapMs = (MAX_IN_FLIGHT * wallMs - busyMs) / records.length;
    // Where an account's time goes, from the audit log's moments (means, ms).
    const moments = await db.auditEvent.findMany({ where: { subjectType: "account_request", at: { gte: new Date(startedAt) } }, select: { subjectId: true, action: true, at: true } });
    const byAccount = new Map<string, Record<string, number>>();
    for (const m of moments) (byAccount.get(m.subjectId) ?? byAccount.set(m.subjectId, {}).get(m.subjectId)!)[m.action.replace("vending.account.", "")] = m.at.getTime();
    const stage = (from: string, to: string) => {
      const spans = [...byAccount.values()].filter((t) => t[from] && t[to]).map((t) => t[to]! - t[from]!);
      return spans.length > 0 ? Math.round(spans.reduce((a, b) => a + b, 0) / spans.length) : null;
    };
    const stages = {
      claimToRecordStored: stage("submitted", "in_progress"),
      recordStoredToSucceeded: stage("in_progress", "succeeded"),
      succeededToTagged: stage("succeeded", "tagged"),
      taggedToVerified: stage("tagged", "verified"),
      verifiedToDone: stage("verified", "done"),
    };
    // The slot handoff: a slot frees when Account Factory completes a record (completeAt); the
    // k-th provision (k ≥ 5) could start at the (k−5)-th completion. The gap splits into the
    // poll lag (completion → the portal stores SUCCEEDED) and the claim lag (stored → the next
    // ProvisionProduct reaches Account Factory).
    const created = records.map((r) => r.createdAt).sort((a, b) => a - b);
    const completed = records.map((r) => r.completeAt).sort((a, b) => a - b);
    const handoffs = created.slice(MAX_IN_FLIGHT).map((at, i) => at - completed[i]!);
    const recordOf = new Map(records.map((r) => [r.id, r]));
    const requests = await db.accountRequest.findMany({ select: { id: true, recordId: true } });
    const pollLags: number[] = [];
    const succeededTimes: number[] = [];
    for (const request of requests) {
      const record = request.recordId ? recordOf.get(request.recordId) : undefined;
      const succeeded = byAccount.get(request.id)?.succeeded;
      if (record && succeeded) {
        pollLags.push(succeeded - record.completeAt);
        succeededTimes.push(succeeded);
      }
    }
    succeededTimes.sort((a, b) => a - b);
    const claimLags = created.slice(MAX_IN_FLIGHT).map((at, i) => at - (succeededTimes[i] ?? at));
    const auditAfter = await db.auditEvent.count();
    const sets = await db.accountSetRequest.count({ where: { state: "vended" } });
    await db.$disconnect();
    const writesAfter = await rowWrites(database.url);
    const tableWritesAfter = await rowWritesByTable(database.url);
    const writesByTable = Object.fromEntries(
      [...tableWritesAfter]
        .map(([table, n]) => [table, Math.round(((n - (tableWritesBefore.get(table) ?? 0)) / ACCOUNTS) * 10) / 10] as const)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1]),
    );
    const idealMs = (ACCOUNTS * PROVISION_MS) / MAX_IN_FLIGHT;
    return {
      accounts: ACCOUNTS,
      provisionMs: PROVISION_MS,
      maxInFlight: MAX_IN_FLIGHT,
      idealMs,
      totalMs: Math.round(totalMs),
      ratioToIdeal: Math.round((totalMs / idealMs) * 100) / 100,
      target: `≤ ${TARGET_RATIO}× (${idealMs * TARGET_RATIO} ms)`,
      withinTarget: totalMs <= idealMs * TARGET_RATIO,
      slotUtilization: Math.round((busyMs / (MAX_IN_FLIGHT * wallMs)) * 100) / 100,
      slotGapPerAccountMs: Math.round(slotGapMs),
      overheadPerAccountP50: percentile(perAccount, 50),
      overheadPerAccountP95: percentile(perAccount, 95),
      overheadPerAccountMean: Math.round(perAccount.reduce((a, b) => a + b, 0) / perAccount.length),
      dbRowWritesPerAccount: Math.round(((writesAfter - writesBefore) / ACCOUNTS) * 10) / 10,
      dbRoundTripsPerAccount: Math.round((queriesDuringRun / ACCOUNTS) * 10) / 10,
      portalCpuPerAccountMs: Math.round(((cpu.user + cpu.system) / 1000 / ACCOUNTS) * 10) / 10,
      auditEventsPerAccount: Math.round(((auditAfter - auditBefore) / ACCOUNTS) * 10) / 10,
      peakInFlightSeenByEmulator: Number(health.peakInFlight),
      retriedAttempts: done.filter((a) => a.attempt > 1).length,
      wiring,
      setsVendedAndWired: sets,
      untilEverySetWiredMs: wiring ? Math.round(wiredMs) : null,
      loadAverage: os.loadavg().map((n) => Math.round(n * 10) / 10).join(" "),
      workerCycles: totals.cycles,
      pullRequestsOpened: github.pulls.length,
      stagesMeanMs: stages,
      slotHandoffMeanMs: { completionToNextProvision: mean(handoffs), completionToSucceededStored: mean(pollLags), succeededStoredToNextProvision: mean(claimLags) },
      dbRowWritesPerAccountByTable: writesByTable,
      ...(process.env.BENCH_PROFILE === "1" ? { profile: Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, { calls: v.calls, ms: Math.round(v.ms), avg: v.calls > 0 ? Math.round((v.ms / v.calls) * 10) / 10 : null, queries: v.queries }])) } : {}),
    };
  } finally {
    await db.$disconnect();
    aws?.child.kill("SIGTERM");
    await database.drop();
  }
}
