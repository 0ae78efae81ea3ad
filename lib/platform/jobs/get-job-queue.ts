import type { JobQueue } from "./job-queue";

// On globalThis so that Next's dev-mode module reloads, and route bundles that load this
// module apart from instrumentation.ts, all see the one worker of this process.
const globalForJobs = globalThis as unknown as { bulkheadJobs?: Promise<JobQueue | null> };

/**
 * The running job queue of this process, or null when no worker runs here (tests,
 * BULKHEAD_JOBS=off, a worker that failed to start). Domains that enqueue work call this;
 * it imports nothing but the port, so reaching the queue never pulls in the worker or a domain.
 */
export async function getJobQueue(): Promise<JobQueue | null> {
  return (await globalForJobs.bulkheadJobs) ?? null;
}

/** Where `startJobWorker` publishes the queue it is starting; nothing else sets it. */
export function publishJobQueue(starting: Promise<JobQueue | null> | undefined): void {
  globalForJobs.bulkheadJobs = starting;
}

/** The queue being started or running, so that a second start in the same process reuses it. */
export function publishedJobQueue(): Promise<JobQueue | null> | undefined {
  return globalForJobs.bulkheadJobs;
}
