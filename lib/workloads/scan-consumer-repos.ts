import { systemActor } from "@/lib/platform/audit";
import { logger } from "@/lib/platform/logger";
import type { WorkloadsDeps } from "./ports";
import { scanConsumerRepo } from "./scan-consumer-repo";
import { isEmptyRepositoryError } from "./workload-access";

/**
 * Scans the consumer repo of every workload that has one linked (the hourly job). One
 * unreadable repo must not stop the others: its failure is logged and the next run tries again.
 * An empty repo (nothing pushed yet) is skipped: there is nothing to record, and it is no failure.
 */
export async function scanConsumerRepos(deps: WorkloadsDeps): Promise<{ scanned: string[]; skipped: string[]; failed: string[] }> {
  const workloads = (await deps.store.listWorkloads("all")).filter((w) => w.consumerRepo);
  const scanned: string[] = [];
  const skipped: string[] = [];
  const failed: string[] = [];
  for (const workload of workloads) {
    try {
      await scanConsumerRepo(deps, { workload: workload.slug, actor: systemActor("scan") });
      scanned.push(workload.slug);
    } catch (error) {
      if (isEmptyRepositoryError(error)) {
        logger.info("consumer repo is empty; scan skipped", { workload: workload.slug, repo: workload.consumerRepo });
        skipped.push(workload.slug);
        continue;
      }
      logger.warn("consumer repo scan failed", { workload: workload.slug, error });
      failed.push(workload.slug);
    }
  }
  return { scanned, skipped, failed };
}
