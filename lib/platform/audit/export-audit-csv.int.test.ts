// The CSV export at scale, through the route handler: 100,000 matching rows (and 10,000 that do
// not match) in a database of its own, so that no other test file pages through them. Reports
// rows per second and the peak memory growth of this process while it streams.
import v8 from "node:v8";
import vm from "node:vm";
import { NextRequest } from "next/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { migrateDatabase } from "@/scripts/lib/migrate";
import { createTestDatabase, type TestDatabase } from "@/scripts/lib/test-database";
import { setInProcessPortalEnv } from "@/test/in-process-portal-env";
import { parseCsv } from "@/test/parse-csv";
import type { Viewer } from "../auth/roles";

const carol: Viewer = { id: "0b0a11ce-0000-4000-8000-000000000003", username: "carol", name: "Carol Chen", email: null, role: "admin", workloads: [] };
// The session is not what this test is about: every request is carol's.
vi.mock("@/lib/platform/auth/get-viewer", () => ({ requireViewer: async () => carol, getViewer: async () => carol }));

const MATCHING = 100_000;
const NOISE = 10_000;
/** Rows whose actor name is a formula: n % 1000 = 7, not a system row (n % 3), not noise (n % 11). */
const FORMULA_ROWS = Array.from({ length: MATCHING + NOISE }, (_, i) => i + 1).filter((n) => n % 1000 === 7 && n % 3 !== 0 && n % 11 !== 0).length;

// A collector to call between chunks, so that live memory can be told from garbage not yet collected.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

let database: TestDatabase;
let GET: typeof import("@/app/api/audit/export/route").GET;

beforeAll(async () => {
  database = await createTestDatabase("bulkhead_export");
  await migrateDatabase(database.url, { appDatabaseUrl: database.appUrl });
  // As the owner (the app role may only INSERT too, but generate_series is the fast way): every
  // 11th row is noise the filter must leave out. JSON with quotes and commas, and one actor name
  // that is a formula, so the quoting runs on every row.
  const owner = new pg.Client({ connectionString: database.url });
  await owner.connect();
  try {
    await owner.query(`
      INSERT INTO audit_events (at, actor_id, actor_label, action, subject_type, subject_id, before, after, metadata, request_id)
      SELECT timestamptz '2026-11-30 00:00:00+00' + make_interval(secs => n),
             CASE WHEN n % 3 = 0 THEN NULL ELSE '0b0a11ce-0000-4000-8000-000000000003'::uuid END,
             CASE WHEN n % 3 = 0 THEN 'system:vending-worker' WHEN n % 1000 = 7 THEN '=HYPERLINK("http://evil.example")' ELSE 'carol' END,
             CASE WHEN n % 11 = 0 THEN 'noise.row' ELSE 'export.row' END,
             'account_request', 'subject-' || n,
             jsonb_build_object('state', 'requested', 'tags', jsonb_build_object('CostCode', 'CC-' || n, 'Owner', 'team, "payments"')),
             jsonb_build_object('state', 'approved', 'reason', 'ok, see "ticket" ' || n, 'tags', jsonb_build_object('CostCode', 'CC-' || (n + 1))),
             CASE WHEN n % 2 = 0 THEN jsonb_build_object('attempt', n % 5) ELSE NULL END,
             'req-' || (n / 4)
        FROM generate_series(1, ${MATCHING + NOISE}) AS n`);
    // A live table has planner statistics (autovacuum analyzes after a bulk insert); without
    // them PostgreSQL guesses that every keyset batch is tiny and sorts the whole remaining range.
    await owner.query("ANALYZE audit_events");
  } finally {
    await owner.end();
  }
  setInProcessPortalEnv(database.appUrl);
  ({ GET } = await import("@/app/api/audit/export/route"));
}, 180_000);

afterAll(async () => {
  const db = (globalThis as { bulkheadDb?: { $disconnect(): Promise<void> } }).bulkheadDb;
  await db?.$disconnect();
  (globalThis as { bulkheadDb?: unknown }).bulkheadDb = undefined;
  await database?.drop();
});

interface Measured {
  response: Response;
  records: number;
  rowsPerSecond: number;
  peakRssGrowthMb: number;
  peakHeapGrowthMb: number;
  /** Peak of the memory still in use after a full collection (heap and the chunk in hand), at every chunk. */
  peakLiveHeapGrowthMb: number;
  seconds: number;
}

/**
 * Downloads an export as a client would, one chunk at a time, checking each record as it
 * passes and keeping none: ids ascending, twelve cells, only matching actions.
 */
async function download(query: string, check: (record: string[]) => void): Promise<Measured> {
  collectGarbage();
  const baseline = process.memoryUsage();
  let peakLive = baseline.heapUsed;
  // Time spent in the forced collections, which the rate leaves out.
  let measuring = 0;
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const timer = setInterval(sample, 10);
  const started = performance.now();
  const response = await GET(new NextRequest(`http://portal.test/api/audit/export?${query}`), { params: Promise.resolve({}) });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let records = 0;
  let pending = "";
  let quoted = false;
  let scanned = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    // Split records at CRLF outside quotes; a record's text goes to the independent parser.
    let start = 0;
    for (let i = scanned; i < pending.length; i++) {
      const c = pending[i];
      if (c === '"') quoted = !quoted;
      else if (!quoted && c === "\r" && pending[i + 1] === "\n") {
        const [record] = parseCsv(pending.slice(start, i + 2));
        if (records > 0) check(record!);
        else expect(record![0]).toBe("id");
        records += 1;
        start = i + 2;
        i += 1;
      }
    }
    // Copy the tail: a slice would keep the whole chunk it came from alive.
    pending = pending.length > start ? Buffer.from(pending.slice(start)).toString() : "";
    scanned = pending.length;
    sample();
    // While the chunk just read is still referenced (`value`): a buffered export is one huge chunk.
    const gcStarted = performance.now();
    collectGarbage();
    peakLive = Math.max(peakLive, process.memoryUsage().heapUsed + value.byteLength);
    measuring += performance.now() - gcStarted;
  }
  clearInterval(timer);
  sample();
  expect(pending).toBe("");
  const seconds = (performance.now() - started - measuring) / 1000;
  return {
    response,
    records: records - 1,
    seconds,
    rowsPerSecond: Math.round((records - 1) / seconds),
    peakRssGrowthMb: Math.round(((peakRss - baseline.rss) / 2 ** 20) * 10) / 10,
    peakHeapGrowthMb: Math.round(((peakHeap - baseline.heapUsed) / 2 ** 20) * 10) / 10,
    peakLiveHeapGrowthMb: Math.round(((peakLive - baseline.heapUsed) / 2 ** 20) * 10) / 10,
  };
}

describe("audit CSV export of 100,000 rows", () => {
  it("streams exactly the filtered rows, in id order, in constant memory", async () => {
    // Warm up first (connection pool, Prisma's query compiler), so that what is measured is the export.
    await download("action=nothing.matches", () => undefined);
    // Checked per record, asserted once at the end: a hundred thousand expect() calls would be the bottleneck.
    let last = 0;
    let outOfOrder = 0;
    let wrongShape = 0;
    let wrongAction = 0;
    let neutralised = 0;
    let formulas = 0;
    const result = await download("action=export.", (record) => {
      const id = Number(record[0]);
      if (!(id > last)) outOfOrder += 1;
      last = id;
      if (record.length !== 12) wrongShape += 1;
      if (record[4] !== "export.row") wrongAction += 1;
      if (record[3]!.startsWith("'=")) neutralised += 1;
      if (record[3]!.startsWith("=")) formulas += 1;
    });
    console.info(
      `[audit export] ${result.records} rows in ${result.seconds.toFixed(2)} s: ${result.rowsPerSecond} rows/s; peak growth RSS ${result.peakRssGrowthMb} MB, heap ${result.peakHeapGrowthMb} MB, live after GC ${result.peakLiveHeapGrowthMb} MB`,
    );
    expect({ records: result.records, outOfOrder, wrongShape, wrongAction, formulas }).toEqual({ records: MATCHING, outOfOrder: 0, wrongShape: 0, wrongAction: 0, formulas: 0 });
    expect(neutralised).toBe(FORMULA_ROWS);
    expect(result.response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(result.response.headers.get("content-disposition")).toMatch(/^attachment; filename="bulkhead-audit-[\dT-]+Z\.csv"$/);
    expect(result.response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // The export is about 37 MB of CSV; held whole (as text, let alone as rows) it would show here.
    expect(result.peakLiveHeapGrowthMb).toBeLessThan(12);
  });

  it("checks its filters before it streams: a bad one is a 422 naming the parameter", async () => {
    const response = await GET(new NextRequest("http://portal.test/api/audit/export?from=yesterday"), { params: Promise.resolve({}) });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^from: from "yesterday" is not a date or time/);
  });

  it("stops reading the database when the client goes away", async () => {
    const response = await GET(new NextRequest("http://portal.test/api/audit/export"), { params: Promise.resolve({}) });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^id,at,actor_id/);
    await reader.cancel();
    const after = await reader.read();
    expect(after.done).toBe(true);
  });
});
