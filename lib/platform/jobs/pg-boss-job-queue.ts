import "server-only";
import PgBoss from "pg-boss";
import { databasePoolConfig, type DatabaseTimeouts } from "../database-pool-config";
import { logger } from "../logger";
import { runInRequestContext } from "../audit/request-context";
import type { JobDefinition, JobQueue, SendJobOptions } from "./job-queue";

export interface StartPgBossOptions {
  connectionString: string;
  jobs: JobDefinition[];
  /** Poll interval of the workers; pg-boss's default is 2 s. */
  pollingIntervalSeconds?: number;
  /** The same pool timeouts as the app's Prisma client (defaults unless given). */
  timeouts?: DatabaseTimeouts;
}

export interface PgBossJobQueue extends JobQueue {
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the app's database role, creates one `stately` queue per job so a
 * singleton key coalesces duplicates, starts a worker per queue and registers the cron
 * schedules. pg-boss's tables live in their own `pgboss` schema, which the migration step
 * creates and upgrades as the database owner (`scripts/lib/migrate.ts`); the app role may
 * only use it, so pg-boss starts with `migrate: false` and only checks the schema version.
 */
export async function startPgBossJobQueue(options: StartPgBossOptions): Promise<PgBossJobQueue> {
  const boss = new PgBoss({
    ...databasePoolConfig(options.connectionString, { max: 4, timeouts: options.timeouts, applicationName: "bulkhead-jobs" }),
    migrate: false,
  });
  boss.on("error", (error: Error) => logger.error("job queue error", { error }));
  // A start that fails part-way stops what it started (pool, timers), so a retry begins clean.
  const stopQuietly = () => boss.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined);
  try {
    await boss.start();
  } catch (error) {
    await stopQuietly();
    const message = (error as Error).message;
    if (/not installed|requires migrations/.test(message)) {
      throw new Error(
        `The job queue's schema (pgboss) is ${message.includes("not installed") ? "missing" : "out of date"}: run the migration step (\`npm run db:migrate\`) as the database owner.`,
        { cause: error },
      );
    }
    throw error;
  }
  const jobQueue: PgBossJobQueue = {
    async send(name: string, data: Record<string, unknown>, sendOptions: SendJobOptions = {}) {
      return boss.send(name, data, sendOptions.singletonKey ? { singletonKey: sendOptions.singletonKey } : {});
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
  try {
    await registerJobs(boss, jobQueue, options);
  } catch (error) {
    await stopQuietly();
    throw error;
  }
  return jobQueue;
}

async function registerJobs(boss: PgBoss, jobQueue: PgBossJobQueue, options: StartPgBossOptions): Promise<void> {
  for (const job of options.jobs) {
    const queue = {
      name: job.name,
      policy: "stately" as const,
      retryLimit: job.retryLimit ?? 2,
      retryDelay: job.retryDelaySeconds ?? 30,
      retryBackoff: true,
      expireInSeconds: (job.expireInMinutes ?? 30) * 60,
    };
    if (await boss.getQueue(job.name)) await boss.updateQueue(job.name, queue);
    else await boss.createQueue(job.name, queue);
    await boss.work<Record<string, unknown>>(
      job.name,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
      async (batch) => {
        // pg-boss 10 hands workers an array (one job at the default batch size).
        for (const item of batch) {
          const started = performance.now();
          // One job run is one "request": its audit rows share the id `job:<pg-boss job id>`.
          await runInRequestContext(() => job.handler(item.data ?? {}, { queue: jobQueue }), `job:${item.id}`);
          logger.info("job done", { job: job.name, id: item.id, ms: Math.round(performance.now() - started) });
        }
      },
    );
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: "UTC" });
    else await boss.unschedule(job.name).catch(() => undefined);
  }
}
