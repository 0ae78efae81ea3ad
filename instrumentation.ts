// Validates the environment once when the server starts, so a misconfiguration fails
// loudly at boot with every problem listed, instead of on the first request. Then starts
// the durable job worker (pg-boss), except during `next build` or with BULKHEAD_JOBS=off.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("./lib/platform/env");
  getEnv();
  const { startJobWorker } = await import("./lib/platform/jobs/start-job-worker");
  void startJobWorker();
}
