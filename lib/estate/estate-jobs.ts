import "server-only";
import { systemActor } from "@/lib/platform/audit";
import type { JobModule, JobQueue } from "@/lib/platform/jobs/job-queue";
import { getJobsEnv } from "@/lib/platform/env";
import { logger } from "@/lib/platform/logger";
import { isEmptyRepositoryError } from "@/lib/workloads";
import { deliverNoticeChannels } from "./deliver-notice-channels";
import { getEstateDeps } from "./estate-deps";
import type { EstateDeps, ScanTarget } from "./ports";
import { scanWorkloadRepo } from "./scan-workload-repo";
import { sweepNotices } from "./sweep-notices";

import { DELIVER_NOTICES_JOB, deliverNoticesSingletonKey, RECONCILE_NOTICES_JOB, SCAN_ALL_JOB, SCAN_REPO_JOB } from "./estate-job-names";

export { DELIVER_NOTICES_JOB, RECONCILE_NOTICES_JOB, SCAN_ALL_JOB, SCAN_REPO_JOB } from "./estate-job-names";

/** One scan job per repo: pushes in a burst coalesce into one waiting scan (pg-boss `stately`). */
export const scanSingletonKey = (target: Pick<ScanTarget, "repo">) => `${target.repo.owner}/${target.repo.repo}`.toLowerCase();

/**
 * Queues a scan of each target, coalesced per repo; with no worker in this process (tests,
 * BULKHEAD_JOBS=off) the scans run inline, one after another.
 */
export async function queueScans(deps: EstateDeps, targets: readonly ScanTarget[], queue: JobQueue | null): Promise<string[]> {
  const queued: string[] = [];
  for (const target of targets) {
    if (queue) {
      await queue.send(SCAN_REPO_JOB, { workloadId: target.workloadId }, { singletonKey: scanSingletonKey(target) });
    } else {
      await runScan(deps, target);
    }
    queued.push(target.slug);
  }
  return queued;
}

async function runScan(deps: EstateDeps, target: ScanTarget): Promise<void> {
  try {
    const result = await scanWorkloadRepo(deps, { target, actor: systemActor("estate-scan") });
    logger.info("consumer repo scanned", { workload: target.slug, started: result.started, ended: result.ended, notices: result.notices });
  } catch (error) {
    if (isEmptyRepositoryError(error)) {
      logger.info("consumer repo is empty; scan skipped", { workload: target.slug });
      return;
    }
    throw error;
  }
}

/**
 * The estate's jobs: the scheduled scan of every linked consumer repo (`BULKHEAD_SCAN_CRON`, which
 * queues one coalesced `estate.scan-repo` per repo), the scan of one repo (also queued by push and
 * merge webhooks), the reconcile of every notice with the catalogue (every 5 minutes: new
 * versions and flags, escalation, and a saved policy its save could not apply), which also records
 * this week's compliance and then queues the delivery, and the delivery to the notice channels
 * (GitHub issues, the chat webhook), queued whenever notices change and after every reconcile, so a
 * lost queueing is caught within 5 minutes.
 */
export const estateJobModule: JobModule = {
  jobs: [
    {
      name: SCAN_ALL_JOB,
      cron: getJobsEnv().BULKHEAD_SCAN_CRON,
      retryLimit: 1,
      handler: async (_data, { queue }) => {
        const deps = getEstateDeps();
        await queueScans(deps, await deps.store.listScanTargets(), queue);
      },
    },
    {
      name: SCAN_REPO_JOB,
      retryLimit: 3,
      handler: async (data) => {
        const deps = getEstateDeps();
        const workloadId = typeof data.workloadId === "string" ? data.workloadId : "";
        const [target] = await deps.store.listScanTargets({ workloadId });
        if (!target) return; // unlinked since it was queued
        await runScan(deps, target);
      },
    },
    {
      name: RECONCILE_NOTICES_JOB,
      cron: "*/5 * * * *",
      retryLimit: 1,
      handler: async (_data, { queue }) => {
        await sweepNotices(getEstateDeps());
        await queue.send(DELIVER_NOTICES_JOB, {}, { singletonKey: deliverNoticesSingletonKey });
      },
    },
    {
      name: DELIVER_NOTICES_JOB,
      retryLimit: 2,
      handler: async (_data, { queue }) => {
        const result = await deliverNoticeChannels(getEstateDeps());
        if (result.issuesWritten + result.issuesClosed + result.chatPosted + result.failures.length > 0) {
          logger.info("notice channels delivered", { issuesWritten: result.issuesWritten, issuesClosed: result.issuesClosed, chatPosted: result.chatPosted, failures: result.failures.length });
        }
        // A full batch: more is waiting. Failures are left to the next sweep, not retried at once.
        if (result.more && result.failures.length === 0) await queue.send(DELIVER_NOTICES_JOB, {}, { singletonKey: deliverNoticesSingletonKey });
      },
    },
  ],
  // The estate is current from the start: scan every linked repo and reconcile notices (applying a
  // saved policy a crash left pending) when the worker comes up, not at the first scheduled run.
  onWorkerStart: async (queue) => {
    await queue.send(SCAN_ALL_JOB, {});
    await queue.send(RECONCILE_NOTICES_JOB, {});
  },
};
