import "server-only";
import type { JobModule } from "@/lib/platform/jobs/job-queue";
import { getJobsEnv } from "@/lib/platform/env";
import { scanConsumerRepos } from "./scan-consumer-repos";
import { getWorkloadsDeps } from "./workloads-deps";

// The queue name keeps its old "scaffold." prefix: pg-boss stores the schedule under it, and a
// new name would leave the old schedule queuing jobs that no worker takes.
export const SCAN_CONSUMER_REPOS_JOB = "scaffold.scan-consumer-repos";

/**
 * The workloads domain's background jobs: scanning every linked consumer repo for units
 * (hourly, `BULKHEAD_SCAN_CRON`), which also records code the teams wrote themselves.
 */
export const workloadsJobModule: JobModule = {
  jobs: [
    {
      name: SCAN_CONSUMER_REPOS_JOB,
      cron: getJobsEnv().BULKHEAD_SCAN_CRON,
      retryLimit: 1,
      handler: async () => {
        await scanConsumerRepos(getWorkloadsDeps());
      },
    },
  ],
};
