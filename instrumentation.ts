// Validates the environment once when the server starts, so a misconfiguration fails
// loudly at boot with every problem listed, instead of on the first request. Then plugs
// the domains into the platform (lib/register-domains.ts) and starts the durable job
// worker (pg-boss), except during `next build` or with BULKHEAD_JOBS=off.
export async function register(): Promise<void> {
  // Set by Next.js itself and inlined per runtime; the edge runtime has no job worker.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("./lib/platform/env");
  getEnv();
  const { registerDomains } = await import("./lib/register-domains");
  registerDomains();
  const { startJobWorker } = await import("./lib/platform/jobs/start-job-worker");
  void startJobWorker();
}
