import "server-only";
import type { JobModule } from "@/lib/platform/jobs/job-queue";
import { reconcileOpenScaffolds } from "./reconcile-open-scaffolds";
import { resumeStalledScaffolds } from "./resume-stalled-scaffolds";
import { getScaffoldDeps } from "./scaffold-deps";

export const RESUME_STALLED_JOB = "scaffold.resume-stalled";
export const RECONCILE_PULL_REQUESTS_JOB = "scaffold.reconcile-pull-requests";

/**
 * The scaffold domain's background jobs: resuming deliveries a crash left in draft, or a failure
 * left short of labels and reviewers with the PR open (every 5 minutes), and comparing every
 * open PR with GitHub so that a merge or close whose webhook was lost is still recorded (every
 * 10 minutes). (Scanning consumer repos is the workloads domain's job.)
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
      name: RECONCILE_PULL_REQUESTS_JOB,
      cron: "*/10 * * * *",
      retryLimit: 0,
      expireInMinutes: 15,
      handler: async () => {
        await reconcileOpenScaffolds(getScaffoldDeps());
      },
    },
  ],
};
