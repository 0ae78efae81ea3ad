// Page weight and speed (issue 13): the portal's production build against a bare Next page on
// the same versions, in Chromium with a cold cache per run, each page signed in as its user.
// Per page, the median of 5 runs of: JS requests and JS bytes (gzip, as sent by `next start`)
// that load before the load event, the ratio to the bare page, LCP and CLS.
// Target: every page ≤ 1.2× the bare page's JS. Env: BENCH_RUNS (5), BENCH_PORT_BASE (3400; or each of
// BENCH_APP_PORT, BENCH_OIDC_PORT, BENCH_GITHUB_PORT, BENCH_AWS_PORT, BENCH_BARE_PORT),
// BENCH_REBUILD / BENCH_SKIP_BUILD, CHROMIUM_PATH (/usr/bin/chromium), BENCH_PROFILE
// (desktop: 1280×800, no throttling; mobile: 412×823 phone, 4× CPU slowdown and Lighthouse's
// "slow 4G" network, 1.6 Mbps down, 150 ms round trip, to see where mobile LCP goes).
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Cookie } from "@playwright/test";
import { ensureBareNextApp } from "./support/bare-next-app";
import { benchPorts } from "./support/bench-ports";
import { ensurePortalBuild, repoRoot, startNextServer, type RunningNextServer } from "./support/next-app-server";
import { median } from "./support/percentile";
import { registerServerOnly } from "../lib/cli/register-server-only";
import { signInOverHttp } from "./support/sign-in-over-http";
import { waitForCatalogueSync } from "./support/wait-for-catalogue-sync";

registerServerOnly();

const TARGET_RATIO = 1.2;
type DemoUser = "alice" | "bob" | "carol";

interface PageSpec {
  label: string;
  path: string;
  user: DemoUser | null;
  /** "bare" pages live on the bare Next app. */
  app: "portal" | "bare";
}

interface RunFigures {
  status: number;
  finalPath: string;
  jsRequests: number;
  /** Bytes on the wire (encoded body) of scripts that started before the load event. */
  jsWireBytes: number;
  /** The same scripts' decoded bodies, gzipped here at level 6, in case the server did not compress. */
  jsGzipBytes: number;
  jsDecodedBytes: number;
  jsRequestsAfterLoad: number;
  jsWireBytesAfterLoad: number;
  requestsAfterLoad: number;
  /** Font files that started before the load event (issue 13: fonts cost as much as the framework). */
  fontRequests: number;
  fontWireBytes: number;
  lcpMs: number | null;
  /** What the LCP element is (tag, id, first class), to see which element waits. */
  lcpElement: string | null;
  fcpMs: number | null;
  /** responseStart of the document: LCP minus this is the render delay for a text LCP. */
  ttfbMs: number;
  cls: number;
  contentEncodings: string[];
}

// Runs in the page before any of its scripts: records LCP and layout shifts.
const OBSERVE_VITALS = `
  window.__benchVitals = { lcp: null, lcpElement: null, shifts: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__benchVitals.lcp = e.renderTime || e.loadTime || e.startTime;
      const el = e.element;
      window.__benchVitals.lcpElement = el ? el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (typeof el.className === "string" && el.className ? "." + el.className.split(/\\s+/)[0] : "") : null;
    }
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__benchVitals.shifts.push({ t: e.startTime, v: e.value });
  }).observe({ type: "layout-shift", buffered: true });
`;

/** CLS as Chrome defines it: the largest session window (gaps < 1 s, at most 5 s long). */
function cumulativeLayoutShift(shifts: Array<{ t: number; v: number }>): number {
  let best = 0;
  let current = 0;
  let windowStart = -Infinity;
  let last = -Infinity;
  for (const s of shifts) {
    if (s.t - last > 1000 || s.t - windowStart > 5000) {
      current = 0;
      windowStart = s.t;
    }
    current += s.v;
    last = s.t;
    best = Math.max(best, current);
  }
  return best;
}

function toCookies(header: string, url: string): Cookie[] {
  const { hostname } = new URL(url);
  return header.split(";").map((pair) => {
    const eq = pair.indexOf("=");
    return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), domain: hostname, path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" as const };
  });
}

type Profile = "desktop" | "mobile";

async function measurePage(browser: Browser, url: string, cookies: Cookie[], profile: Profile): Promise<RunFigures> {
  // A new context per run: empty HTTP cache, no service worker, no storage.
  const context = await browser.newContext(
    profile === "mobile" ? { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 800 } },
  );
  try {
    if (cookies.length > 0) await context.addCookies(cookies);
    await context.addInitScript(OBSERVE_VITALS);
    const page = await context.newPage();
    if (profile === "mobile") {
      // Lighthouse's mobile preset, applied by DevTools (not simulated): 4× slower CPU, 1.6 Mbps down, 750 kbps up, 150 ms RTT.
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    }
    const scriptBodies = new Map<string, Promise<Buffer | null>>();
    const encodings = new Set<string>();
    page.on("response", (response) => {
      if (response.request().resourceType() !== "script") return;
      encodings.add(response.headers()["content-encoding"] ?? "identity");
      scriptBodies.set(response.url(), response.body().catch(() => null));
    });
    const response = await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    // Let late work (hydration, prefetches) finish, so LCP and CLS are final and after-load requests are counted.
    await page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    const data = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      const loadEnd = nav?.loadEventEnd || performance.now();
      const resources = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map((r) => ({
        name: r.name,
        initiatorType: r.initiatorType,
        startTime: r.startTime,
        encodedBodySize: r.encodedBodySize,
        decodedBodySize: r.decodedBodySize,
      }));
      const vitals = (window as unknown as { __benchVitals: { lcp: number | null; lcpElement: string | null; shifts: Array<{ t: number; v: number }> } }).__benchVitals;
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null;
      return { loadEnd, resources, vitals, fcp, ttfb: nav?.responseStart ?? 0, path: location.pathname + location.search };
    });
    const isScript = (r: { name: string; initiatorType: string }) => r.initiatorType === "script" || /\.m?js(\?|$)/.test(new URL(r.name).pathname);
    const firstLoad = data.resources.filter((r) => isScript(r) && r.startTime < data.loadEnd);
    const later = data.resources.filter((r) => r.startTime >= data.loadEnd);
    const fonts = data.resources.filter((r) => r.startTime < data.loadEnd && /\.(woff2?|ttf|otf)(\?|$)/.test(new URL(r.name).pathname));
    let gzipBytes = 0;
    for (const r of firstLoad) {
      const body = await (scriptBodies.get(r.name) ?? Promise.resolve(null));
      gzipBytes += body ? gzipSync(body, { level: 6 }).length : r.encodedBodySize;
    }
    return {
      status: response?.status() ?? 0,
      finalPath: data.path,
      jsRequests: firstLoad.length,
      jsWireBytes: firstLoad.reduce((n, r) => n + r.encodedBodySize, 0),
      jsGzipBytes: gzipBytes,
      jsDecodedBytes: firstLoad.reduce((n, r) => n + r.decodedBodySize, 0),
      jsRequestsAfterLoad: later.filter(isScript).length,
      jsWireBytesAfterLoad: later.filter(isScript).reduce((n, r) => n + r.encodedBodySize, 0),
      requestsAfterLoad: later.length,
      fontRequests: fonts.length,
      fontWireBytes: fonts.reduce((n, r) => n + r.encodedBodySize, 0),
      lcpMs: data.vitals.lcp,
      lcpElement: data.vitals.lcpElement,
      fcpMs: data.fcp,
      ttfbMs: data.ttfb,
      cls: cumulativeLayoutShift(data.vitals.shifts),
      contentEncodings: [...encodings],
    };
  } finally {
    await context.close();
  }
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "none";
}

/** Builds both apps, starts them with the emulators, and measures each page. */
export async function runPagesBench(): Promise<Record<string, unknown>> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const profile: Profile = process.env.BENCH_PROFILE === "mobile" ? "mobile" : "desktop";
  const ports = benchPorts();
  const log = (line: string) => console.log(`[pages-bench] ${line}`);
  const { startStack } = await import("../scripts/lib/start-stack");
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const { createPrismaClient } = await import("../lib/platform/create-prisma-client");

  const stateDir = await mkdtemp(path.join(os.tmpdir(), "bulkhead-bench-pages-"));
  const logDir = path.join(repoRoot, "bench/results");
  await mkdir(logDir, { recursive: true });
  const database = await createTestDatabase("bulkhead_bench_pages");
  const db = createPrismaClient(database.url, { max: 2 });
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  const servers: RunningNextServer[] = [];
  let browser: Browser | undefined;
  try {
    stack = await startStack({ stateDir, databaseUrl: database.url, appPort: ports.app, oidcPort: ports.oidc, githubPort: ports.github, awsPort: ports.aws, awsProvisionMs: 1_500, log });
    const portalBuild = await ensurePortalBuild({ ...process.env, ...stack.appEnv }, log);
    log(`portal build: ${portalBuild}`);
    const bare = await ensureBareNextApp(log);
    log(`bare app (${bare.versions}): ${bare.build}`);

    const portal = await startNextServer({
      cwd: repoRoot,
      port: ports.app,
      env: { ...process.env, ...stack.appEnv, LOG_LEVEL: "warn", BULKHEAD_SYNC_CRON: "0 0 1 1 *" },
      logFile: path.join(logDir, "pages-next.log"),
      readyPath: "/api/health",
    });
    servers.push(portal);
    const bareServer = await startNextServer({ cwd: bare.dir, port: ports.bareApp, env: { ...process.env }, logFile: path.join(logDir, "pages-bare-next.log") });
    servers.push(bareServer);
    await waitForCatalogueSync(db, { timeoutMs: 10 * 60_000, log });

    const vpc = await db.module.findFirst({ where: { name: "vpc", source: { owner: "acme-platform", repo: "iac-modules" } }, select: { latestVersion: true } });
    if (!vpc?.latestVersion) throw new Error("the demo catalogue has no acme-platform/iac-modules vpc with a latest version");
    const pages: PageSpec[] = [
      { label: "bare Next page", path: "/", user: null, app: "bare" },
      { label: "/signin", path: "/signin", user: null, app: "portal" },
      { label: "/", path: "/", user: "alice", app: "portal" },
      { label: "/catalogue", path: "/catalogue", user: "alice", app: "portal" },
      { label: "module page", path: "/catalogue/acme-platform/iac-modules/vpc", user: "alice", app: "portal" },
      { label: "/scaffold/new", path: `/scaffold/new?source=acme-platform/iac-modules&module=vpc&version=${vpc.latestVersion}`, user: "alice", app: "portal" },
      { label: "workload page", path: "/workloads/payments", user: "bob", app: "portal" },
      { label: "/admin", path: "/admin", user: "carol", app: "portal" },
      { label: "/accounts", path: "/accounts", user: "bob", app: "portal" },
      { label: "/accounts/request", path: "/accounts/request", user: "bob", app: "portal" },
      { label: "/approvals", path: "/approvals", user: "carol", app: "portal" },
      { label: "/admin/governance", path: "/admin/governance", user: "carol", app: "portal" },
      { label: "/estate", path: "/estate", user: "carol", app: "portal" },
      { label: "/inbox", path: "/inbox", user: "alice", app: "portal" },
    ];
    const cookies = new Map<DemoUser, Cookie[]>();
    for (const user of ["alice", "bob", "carol"] as const) cookies.set(user, toCookies(await signInOverHttp(portal.url, user), portal.url));

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-gpu",
      ],
    });
    const results: Array<{ page: PageSpec; url: string; runs: RunFigures[] }> = [];
    for (const spec of pages) {
      const url = `${spec.app === "bare" ? bareServer.url : portal.url}${spec.path}`;
      const pageCookies = spec.user ? cookies.get(spec.user)! : [];
      await measurePage(browser, url, pageCookies, profile); // warm the server (route modules, data caches); not counted
      const pageRuns: RunFigures[] = [];
      for (let i = 0; i < runs; i++) pageRuns.push(await measurePage(browser, url, pageCookies, profile));
      const wrong = pageRuns.find((r) => r.status !== 200 || r.finalPath.split("?")[0] !== spec.path.split("?")[0]);
      if (wrong) throw new Error(`${spec.label} as ${spec.user ?? "anonymous"}: answered ${wrong.status} at ${wrong.finalPath}`);
      results.push({ page: spec, url, runs: pageRuns });
      log(`${spec.label}: ${runs} runs`);
    }

    const med = (runsOf: RunFigures[], pick: (r: RunFigures) => number) => median(runsOf.map(pick));
    const baseline = results.find((r) => r.page.app === "bare")!;
    const baselineGzip = med(baseline.runs, (r) => r.jsWireBytes);
    const table = results.map(({ page, runs: pageRuns }) => {
      const wire = med(pageRuns, (r) => r.jsWireBytes);
      const lcps = pageRuns.map((r) => r.lcpMs).filter((v): v is number => v !== null);
      const ratio = wire / baselineGzip;
      return {
        page: page.label,
        user: page.user ?? "anonymous",
        "JS requests": med(pageRuns, (r) => r.jsRequests),
        "JS KB gzip": kb(wire),
        ratio: `${ratio.toFixed(2)}×`,
        [`≤ ${TARGET_RATIO}×`]: ratio <= TARGET_RATIO + 1e-9 ? "met" : "MISSED",
        "TTFB ms": Math.round(med(pageRuns, (r) => r.ttfbMs)),
        "FCP ms": Math.round(med(pageRuns, (r) => r.fcpMs ?? 0)),
        "LCP ms": lcps.length > 0 ? Math.round(median(lcps)) : "n/a",
        "LCP element": mostCommon(pageRuns.map((r) => r.lcpElement ?? "none")),
        CLS: Math.round(med(pageRuns, (r) => r.cls) * 1000) / 1000,
        "font KB": kb(med(pageRuns, (r) => r.fontWireBytes)),
        "JS after load (req)": med(pageRuns, (r) => r.jsRequestsAfterLoad),
        "requests after load": med(pageRuns, (r) => r.requestsAfterLoad),
      };
    });
    const encodings = [...new Set(results.flatMap((r) => r.runs.flatMap((run) => run.contentEncodings)))];
    // The wire figure is what next start sent; re-gzipping the decoded scripts checks it is gzip at a normal level.
    const regzipGap = Math.max(...results.flatMap((r) => r.runs.map((run) => Math.abs(run.jsWireBytes - run.jsGzipBytes) / Math.max(1, run.jsGzipBytes))));
    return {
      summary: {
        "bare app": bare.versions,
        "portal build": portalBuild,
        "bare build": bare.build,
        runs: `${runs} per page, median; cold cache (new browser context) per run, after one uncounted warm-up load`,
        "JS counted": "scripts whose request started before the load event; bytes = encoded body as sent by next start",
        "script content-encoding seen": `${encodings.join(", ")}; largest gap to re-gzipping the scripts at level 6: ${(regzipGap * 100).toFixed(1)} %`,
        browser: `${browser.version()} at ${process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"}, ${profile === "mobile" ? "412×823 phone, 4× CPU slowdown, 1.6 Mbps/150 ms RTT" : "1280×800, no throttling"}`,
        machine: `${os.availableParallelism()} CPUs, load average (1 min) ${os.loadavg()[0]!.toFixed(2)}`,
        target: `every page ≤ ${TARGET_RATIO}× the bare page's JS`,
      },
      pages: table,
      raw: results.map((r) => ({ page: r.page.label, user: r.page.user, url: r.url, runs: r.runs })),
    };
  } finally {
    await browser?.close();
    for (const server of servers.reverse()) await server.close();
    await db.$disconnect();
    await stack?.close();
    await database.drop();
    await rm(stateDir, { recursive: true, force: true });
  }
}
