import "server-only";
import { z } from "zod";
import { logger } from "@/lib/platform/logger";
import type { JobModule, JobQueue } from "@/lib/platform/jobs/job-queue";
import { getCatalogueDeps } from "./catalogue-deps";
import { getJobsEnv } from "@/lib/platform/env";
import type { SyncTrigger } from "./ports";
import { SYNC_SOURCE_JOB } from "./request-source-sync";
import { syncModuleSource } from "./sync-module-source";

export const SYNC_ALL_JOB = "catalogue.sync-all";

export const syncSourceJobSchema = z.object({
  sourceId: z.string().uuid(),
  trigger: z.enum(["webhook", "schedule", "manual", "startup"]),
  actor: z.object({ id: z.string().nullable(), label: z.string() }).optional(),
});
export type SyncSourceJob = z.infer<typeof syncSourceJobSchema>;

/** Enqueues one source's sync; the source id is the singleton key, so a burst coalesces. */
export function enqueueSourceSync(queue: JobQueue, job: SyncSourceJob): Promise<string | null> {
  return queue.send(SYNC_SOURCE_JOB, job, { singletonKey: job.sourceId });
}

async function enqueueEnabledSources(queue: JobQueue, trigger: SyncTrigger, only: "all" | "never-synced"): Promise<number> {
  const sources = await getCatalogueDeps().store.listSources();
  const due = sources.filter((s) => s.enabled && (only === "all" || s.lastSyncedAt === null));
  for (const source of due) await enqueueSourceSync(queue, { sourceId: source.id, trigger });
  return due.length;
}

/**
 * The catalogue's background jobs: one sync per source (retried by the queue when it
 * fails), a schedule (BULKHEAD_SYNC_CRON, every 15 minutes by default) that enqueues
 * every enabled source, and a first sync of never-synced sources when the worker starts.
 */
export const catalogueJobModule: JobModule = {
  jobs: [
    {
      name: SYNC_SOURCE_JOB,
      retryLimit: 2,
      retryDelaySeconds: 60,
      handler: async (data) => {
        const job = syncSourceJobSchema.parse(data);
        const result = await syncModuleSource(getCatalogueDeps(), job);
        logger.info("catalogue sync", { sourceId: job.sourceId, trigger: job.trigger, status: result.status, ...result.counts });
        // Throwing hands the retry to the queue; the next attempt only redoes what failed.
        if (result.status === "failed") throw new Error(result.error ?? "catalogue sync failed");
      },
    },
    {
      name: SYNC_ALL_JOB,
      cron: getJobsEnv().BULKHEAD_SYNC_CRON,
      retryLimit: 0,
      handler: async (_data, { queue }) => {
        await enqueueEnabledSources(queue, "schedule", "all");
      },
    },
  ],
  onWorkerStart: async (queue) => {
    const count = await enqueueEnabledSources(queue, "startup", "never-synced");
    if (count > 0) logger.info("catalogue: first sync queued", { sources: count });
  },
};
