import "server-only";
import { systemActor } from "@/lib/platform/audit";
import { getJobsEnv } from "@/lib/platform/env";
import type { JobModule } from "@/lib/platform/jobs/job-queue";
import { logger } from "@/lib/platform/logger";
import { resumeStalledScaffolds } from "./resume-stalled-scaffolds";
import { scanConsumerRepo } from "./scan-consumer-repo";
import { getScaffoldDeps } from "./scaffold-deps";

export const RESUME_STALLED_JOB = "scaffold.resume-stalled";
export const SCAN_CONSUMER_REPOS_JOB = "scaffold.scan-consumer-repos";

/**
 * The scaffold domain's background jobs: resuming deliveries a crash left in draft (every
 * 5 minutes), and scanning every linked consumer repo for units (hourly, `BULKHEAD_SCAN_CRON`),
 * which also records code the teams wrote themselves.
 */
export const scaffoldJobModule: JobModule = {
  jobs: [
    {
      name: RESUME_STALLED_JOB,
      cron: "*/5 * * * *",
      retryLimit: 0,
      handler: async () => {
        await resumeStalledScaffolds(getScaffoldDeps());
      },
    },
    {
      name: SCAN_CONSUMER_REPOS_JOB,
      cron: getJobsEnv().BULKHEAD_SCAN_CRON,
      retryLimit: 1,
      handler: async () => {
        const deps = getScaffoldDeps();
        const workloads = (await deps.store.listWorkloads("all")).filter((w) => w.consumerRepo);
        for (const workload of workloads) {
          try {
            await scanConsumerRepo(deps, { workload: workload.slug, actor: systemActor("scan") });
          } catch (error) {
            // One unreadable repo must not stop the others; the next run tries again.
            logger.warn("consumer repo scan failed", { workload: workload.slug, error });
          }
        }
      },
    },
  ],
};
