import { systemActor } from "@/lib/platform/audit";
import { logger } from "@/lib/platform/logger";
import type { WorkloadsDeps } from "./ports";
import { scanConsumerRepo } from "./scan-consumer-repo";

/**
 * Scans the consumer repo of every workload that has one linked (the hourly job). One
 * unreadable repo must not stop the others: its failure is logged and the next run tries again.
 */
export async function scanConsumerRepos(deps: WorkloadsDeps): Promise<{ scanned: string[]; failed: string[] }> {
  const workloads = (await deps.store.listWorkloads("all")).filter((w) => w.consumerRepo);
  const scanned: string[] = [];
  const failed: string[] = [];
  for (const workload of workloads) {
    try {
      await scanConsumerRepo(deps, { workload: workload.slug, actor: systemActor("scan") });
      scanned.push(workload.slug);
    } catch (error) {
      logger.warn("consumer repo scan failed", { workload: workload.slug, error });
      failed.push(workload.slug);
    }
  }
  return { scanned, failed };
}
