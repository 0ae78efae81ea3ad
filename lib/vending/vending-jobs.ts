import "server-only";
import { systemActor } from "@/lib/platform/audit";
import { getJobsEnv } from "@/lib/platform/env";
import type { JobModule } from "@/lib/platform/jobs/job-queue";
import { importAccounts } from "./import-accounts";
import { newWorkerId, runVendingWorker } from "./run-vending-worker";
import { getVendingDeps } from "./vending-deps";

export const VENDING_WORK_JOB = "vending.work";
export const IMPORT_ACCOUNTS_JOB = "vending.import-accounts";

// One run works until nothing is left or this long has passed; the every-minute schedule (and
// the wake-up after an approval) starts the next one. pg-boss runs one at a time per queue.
const WORK_BUDGET_MS = 50_000;

/**
 * The vending domain's background jobs: the worker that provisions, polls, tags, verifies and
 * wires account sets (every minute, and at once after an approval or a retry), and the import
 * of the organization's accounts (`BULKHEAD_ACCOUNT_IMPORT_CRON`, hourly by default). Both are
 * safe on several instances: the worker leases every row it moves and the in-flight cap holds
 * across processes.
 */
export const vendingJobModule: JobModule = {
  jobs: [
    {
      name: VENDING_WORK_JOB,
      cron: "* * * * *",
      retryLimit: 0,
      expireInMinutes: 5,
      handler: async () => {
        await runVendingWorker(getVendingDeps(), { owner: newWorkerId(), budgetMs: WORK_BUDGET_MS });
      },
    },
    {
      name: IMPORT_ACCOUNTS_JOB,
      cron: getJobsEnv().BULKHEAD_ACCOUNT_IMPORT_CRON,
      retryLimit: 1,
      expireInMinutes: 15,
      handler: async () => {
        await importAccounts(getVendingDeps(), { actor: systemActor("account-import") });
      },
    },
  ],
  // After a restart, work left in flight resumes at once rather than at the next minute.
  onWorkerStart: async (queue) => {
    await queue.send(VENDING_WORK_JOB, {});
    await queue.send(IMPORT_ACCOUNTS_JOB, {});
  },
};
