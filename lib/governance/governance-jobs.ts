import "server-only";
import { systemActor } from "@/lib/platform/audit";
import { getJobsEnv } from "@/lib/platform/env";
import type { JobModule } from "@/lib/platform/jobs/job-queue";
import { logger } from "@/lib/platform/logger";
import { applyTagChange } from "./apply-tag-change";
import { detectDrift } from "./detect-drift";
import { APPLY_TAG_CHANGES_JOB, DETECT_DRIFT_JOB, getGovernanceDeps } from "./governance-deps";
import { resumeTagChanges } from "./resume-tag-changes";

/**
 * Governance's background jobs:
 * - apply: with `{id}` (queued after an approval, a drift revert or a retry) applies that request;
 *   without (every minute, and once when the worker starts) resumes every approved request and
 *   every applying one whose worker died (its lease ran out). Requests go one after the other, at
 *   the configured Organizations call rate, so AWS's throttling limits hold; leases keep two
 *   instances off one request.
 * - detect drift (`BULKHEAD_DRIFT_CRON`, hourly by default): every active account's tags against
 *   what the portal recorded.
 */
export const governanceJobModule: JobModule = {
  jobs: [
    {
      name: APPLY_TAG_CHANGES_JOB,
      cron: "* * * * *",
      retryLimit: 1,
      expireInMinutes: 15,
      handler: async (data) => {
        const deps = getGovernanceDeps();
        const actor = systemActor("governance-apply");
        if (typeof data.id === "string") {
          const run = await applyTagChange(deps, { id: data.id }, actor);
          logger.info("tag change apply run", { id: data.id, status: run.status, state: run.record?.state });
          return;
        }
        const result = await resumeTagChanges(deps, {}, actor);
        if (result.applied.length > 0 || result.errors.length > 0) logger.info("tag changes resumed", { ...result });
      },
    },
    {
      name: DETECT_DRIFT_JOB,
      cron: getJobsEnv().BULKHEAD_DRIFT_CRON,
      retryLimit: 1,
      expireInMinutes: 30,
      handler: async () => {
        const result = await detectDrift(getGovernanceDeps(), systemActor("drift-scan"));
        logger.info("drift scan", { ...result, errors: result.errors.length });
      },
    },
  ],
  // Changes left approved or half-applied by a stopped process resume at once.
  onWorkerStart: async (queue) => {
    await queue.send(APPLY_TAG_CHANGES_JOB, {});
  },
};
