import "server-only";
import type { JobModule } from "@/lib/platform/jobs/job-queue";
import { resumeStalledScaffolds } from "./resume-stalled-scaffolds";
import { getScaffoldDeps } from "./scaffold-deps";

export const RESUME_STALLED_JOB = "scaffold.resume-stalled";

/**
 * The scaffold domain's background jobs: resuming deliveries a crash left in draft, every
 * 5 minutes. (Scanning consumer repos is the workloads domain's job.)
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
  ],
};
