import "server-only";
import { databaseTimeoutsFromEnv } from "../database-pool-config";
import { getEnv } from "../env";
import { logger } from "../logger";
import { jobModules } from "./job-definitions";
import type { JobQueue } from "./job-queue";
import { startPgBossJobQueue, type PgBossJobQueue } from "./pg-boss-job-queue";

// On globalThis so Next's dev-mode module reloads see the one running worker.
const globalForJobs = globalThis as unknown as { bulkheadJobs?: Promise<PgBossJobQueue | null> };

/** Why the worker is not started in this process, or null when it should be. */
export function jobWorkerDisabledReason(env: Record<string, string | undefined> = process.env): string | null {
  if (env.NEXT_PHASE === "phase-production-build") return "next build";
  if ((env.BULKHEAD_JOBS ?? "").toLowerCase() === "off") return "BULKHEAD_JOBS=off";
  return null;
}

/**
 * Starts the durable job worker once per process (called from instrumentation.ts):
 * pg-boss on DATABASE_URL with every registered job and schedule, then each domain's
 * start hook. A failure is logged, not thrown, so the portal still serves pages;
 * work then runs inline where the caller allows it.
 */
export function startJobWorker(): Promise<PgBossJobQueue | null> {
  const reason = jobWorkerDisabledReason();
  if (reason) {
    logger.info("job worker not started", { reason });
    return Promise.resolve(null);
  }
  globalForJobs.bulkheadJobs ??= (async () => {
    try {
      const modules = await Promise.all(jobModules.map((load) => load()));
      const env = getEnv();
      const queue = await startPgBossJobQueue({
        connectionString: env.DATABASE_URL,
        timeouts: databaseTimeoutsFromEnv(env),
        jobs: modules.flatMap((m) => m.jobs),
      });
      logger.info("job worker started", { jobs: modules.flatMap((m) => m.jobs.map((j) => j.cron ? `${j.name} (${j.cron})` : j.name)) });
      for (const jobModule of modules) {
        await jobModule.onWorkerStart?.(queue).catch((error: unknown) => logger.error("job start hook failed", { error }));
      }
      return queue;
    } catch (error) {
      logger.error("job worker failed to start; background jobs will not run in this process", { error });
      globalForJobs.bulkheadJobs = undefined;
      return null;
    }
  })();
  return globalForJobs.bulkheadJobs;
}

/** The running queue of this process, or null when no worker runs here (tests, BULKHEAD_JOBS=off). */
export async function getJobQueue(): Promise<JobQueue | null> {
  return (await globalForJobs.bulkheadJobs) ?? null;
}
