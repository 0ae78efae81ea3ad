import "server-only";
import { databaseTimeoutsFromEnv } from "../database-pool-config";
import { getDomainRegistry, type DomainRegistry } from "../domains/domain-registry";
import { getEnv, type Env, type JobsEnv } from "../env";
import { webhookJobs } from "../github/webhook-jobs";
import { logger } from "../logger";
import { publishedJobQueue, publishJobQueue } from "./get-job-queue";
import type { JobDefinition, JobQueue } from "./job-queue";
import { startPgBossJobQueue } from "./pg-boss-job-queue";

// Domains reach the queue through get-job-queue.ts; kept here for callers written before it.
export { getJobQueue } from "./get-job-queue";

/** Why the worker is not started in this process, or null when it should be. */
export function jobWorkerDisabledReason(env: Pick<JobsEnv, "NEXT_PHASE" | "BULKHEAD_JOBS"> = getEnv()): string | null {
  if (env.NEXT_PHASE === "phase-production-build") return "next build";
  if (env.BULKHEAD_JOBS === "off") return "BULKHEAD_JOBS=off";
  return null;
}

export interface StartJobWorkerOptions {
  registry?: DomainRegistry;
  env?: Pick<Env, "NEXT_PHASE" | "BULKHEAD_JOBS" | "DATABASE_URL">;
  /** The platform's own jobs (webhook processing and its sweep), run before the domains'. */
  platformJobs?: readonly JobDefinition[];
  /** Starts the queue with every job; pg-boss on DATABASE_URL unless a test passes a fake. */
  startQueue?: (jobs: JobDefinition[], connectionString: string) => Promise<JobQueue>;
}

/**
 * Starts the durable job worker once per process (called from instrumentation.ts, after
 * `registerDomains()`): pg-boss on DATABASE_URL with the platform's own jobs
 * (`platform.process-webhook`, `platform.retry-webhooks`) and the jobs and schedules of every
 * registered domain, then each domain's start hook. A failure is logged, not thrown, so
 * the portal still serves pages; work then runs inline where the caller allows it.
 */
export function startJobWorker(options: StartJobWorkerOptions = {}): Promise<JobQueue | null> {
  const env = options.env ?? getEnv();
  const reason = jobWorkerDisabledReason(env);
  if (reason) {
    logger.info("job worker not started", { reason });
    return Promise.resolve(null);
  }
  const running = publishedJobQueue();
  if (running) return running;
  const registry = options.registry ?? getDomainRegistry();
  const startQueue =
    options.startQueue ??
    ((jobs, connectionString) => startPgBossJobQueue({ connectionString, timeouts: databaseTimeoutsFromEnv(getEnv()), jobs }));
  const starting = (async () => {
    try {
      const domains = registry.list();
      const jobs = [...(options.platformJobs ?? webhookJobs), ...domains.flatMap((d) => d.jobs ?? [])];
      const queue = await startQueue(jobs, env.DATABASE_URL);
      logger.info("job worker started", {
        domains: domains.map((d) => d.name),
        jobs: jobs.map((j) => (j.cron ? `${j.name} (${j.cron})` : j.name)),
      });
      for (const domain of domains) {
        await domain.onWorkerStart?.(queue).catch((error: unknown) => logger.error("job start hook failed", { domain: domain.name, error }));
      }
      return queue;
    } catch (error) {
      logger.error("job worker failed to start; background jobs will not run in this process", { error });
      publishJobQueue(undefined);
      return null;
    }
  })();
  publishJobQueue(starting);
  return starting;
}
