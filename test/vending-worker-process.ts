// A vending worker in a process of its own, for the integration test that kills one with
// SIGKILL in the middle of vending (test-only; never imported by the app). It runs the app's
// own wiring, `getVendingDeps()`, from the environment the test passes: DATABASE_URL, the
// GitHub App variables, the AWS_ENDPOINT_URL_* variables, and VENDING_TIMINGS (JSON).
import { register } from "node:module";

// The adapters are `server-only` for Next; outside it, resolve that marker as React's server build does.
register(
  "data:text/javascript," +
    encodeURIComponent('export async function resolve(s, c, n) { return s === "server-only" ? n(s, { ...c, conditions: [...c.conditions, "react-server"] }) : n(s, c); }'),
  import.meta.url,
);

const { getVendingDeps, runVendingWorker } = await import("../lib/vending/server");
const timings = JSON.parse(process.env.VENDING_TIMINGS ?? "{}") as Record<string, unknown>;
const deps = { ...getVendingDeps(), timings, wakeWorker: async () => {} };
process.stdout.write("ready\n");
await runVendingWorker(deps, { owner: `child-${process.pid}`, budgetMs: Number(process.env.VENDING_BUDGET_MS ?? 60_000), idleMs: 20, maxSleepMs: 200 });
process.stdout.write("done\n");
process.exit(0);
