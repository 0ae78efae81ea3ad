/** Options a producer may set on one job. */
export interface SendJobOptions {
  /**
   * Jobs of one queue with the same key coalesce: at most one waits and one runs
   * (pg-boss's `stately` policy), so a burst of webhooks becomes one sync.
   */
  singletonKey?: string;
}

/**
 * Durable background work: jobs survive restarts and run on any instance that runs the
 * worker. The production adapter is pg-boss (`pg-boss-job-queue.ts`), in PostgreSQL.
 */
export interface JobQueue {
  /** Enqueues a job; resolves to its id, or null when an equal job is already waiting (coalesced). */
  send(name: string, data: Record<string, unknown>, options?: SendJobOptions): Promise<string | null>;
}

/** Runs one job's payload; throwing makes the queue retry it later. `queue` lets a job fan out more jobs. */
export type JobHandler = (data: Record<string, unknown>, context: { queue: JobQueue }) => Promise<void>;

/** One kind of job, listed in its domain's definition (`DomainDefinition.jobs`). */
export interface JobDefinition {
  name: string;
  handler: JobHandler;
  /** Cron expression (UTC) for jobs the queue itself enqueues on a schedule. */
  cron?: string;
  /** Retries after a failure; each waits `retryDelaySeconds`, doubling. Default 2 / 30 s. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A run taking longer than this is considered dead and retried. Default 30 min. */
  expireInMinutes?: number;
}

/** A domain's jobs plus what it wants done once the worker is up (e.g. first syncs). */
export interface JobModule {
  jobs: JobDefinition[];
  onWorkerStart?: (queue: JobQueue) => Promise<void>;
}
