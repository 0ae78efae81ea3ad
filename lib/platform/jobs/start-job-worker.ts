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
  /** Milliseconds to wait before retry `attempt` (1, 2, …) after a failed start; defaults to `retryDelayMs`. */
  retryDelay?: (attempt: number) => number;
  /** Failed starts after which the worker gives up; unlimited unless a test sets it. */
  maxAttempts?: number;
}

/** Backoff between start attempts: 1 s, 2 s, 4 s, … capped at 30 s, so a database that comes back late is picked up. */
export function retryDelayMs(attempt: number): number {
  return Math.min(1_000 * 2 ** (attempt - 1), 30_000);
}

/**
 * Starts the durable job worker once per process (called from instrumentation.ts, after
 * `registerDomains()`): pg-boss on DATABASE_URL with the platform's own jobs
 * (`platform.process-webhook`, `platform.retry-webhooks`) and the jobs and schedules of every
 * registered domain, then each domain's start hook. A failure is logged, not thrown, so
 * the portal still serves pages: the queue reads as null (work runs inline where the caller
 * allows it) and the start is retried in the background with backoff until it succeeds, so a
 * database that was slow or down at boot does not leave the process without a worker for good.
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
  const retryDelay = options.retryDelay ?? retryDelayMs;
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;

  const attempt = async (): Promise<JobQueue> => {
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
  };

  const retryInBackground = (failures: number): void => {
    if (failures >= maxAttempts) {
      logger.error("job worker gave up starting; background jobs will not run in this process", { attempts: failures });
      return;
    }
    const delayMs = retryDelay(failures);
    const timer = setTimeout(() => {
      attempt().then(
        (queue) => publishJobQueue(Promise.resolve(queue)),
        (error: unknown) => {
          logger.error("job worker failed to start again", { error, attempt: failures + 1 });
          retryInBackground(failures + 1);
        },
      );
    }, delayMs);
    // A pending retry never keeps the process alive on its own.
    timer.unref?.();
  };

  const starting = attempt().catch((error: unknown) => {
    logger.error("job worker failed to start; background jobs run inline until a retry succeeds", { error });
    publishJobQueue(Promise.resolve(null));
    retryInBackground(1);
    return null;
  });
  publishJobQueue(starting);
  return starting;
}
