import "server-only";
import { systemActor } from "@/lib/platform/audit";
import { getDb } from "@/lib/platform/db";
import { getJobQueue } from "@/lib/platform/jobs/get-job-queue";
import { logger } from "@/lib/platform/logger";
import { createOrganizationsTagDirectory } from "./adapters/organizations-tag-directory";
import { createPrismaGovernanceStore } from "./adapters/prisma-governance-store";
import { applyTagChange } from "./apply-tag-change";
import type { GovernanceDeps } from "./ports";

export const APPLY_TAG_CHANGES_JOB = "governance.apply-tag-changes";
export const DETECT_DRIFT_JOB = "governance.detect-drift";

/** The governance use cases' dependencies in this process, plus waking the apply job. */
export interface GovernanceRuntimeDeps extends GovernanceDeps {
  /** Starts applying an approved (or retried) request now: on the job queue, or in this process when no worker runs here. */
  wakeApply(id: string): Promise<void>;
  /** Queues a drift scan now; false when no job worker runs in this process (the caller scans itself). */
  queueDriftScan(): Promise<boolean>;
}

let cached: GovernanceRuntimeDeps | undefined;
const inline = new Map<string, Promise<unknown>>();

/**
 * Prisma, and AWS Organizations through the SDK's standard chain (AWS_ENDPOINT_URL_ORGANIZATIONS
 * points it at the emulator in dev and e2e). Organizations allows a few calls per second per
 * account: the default apply rate (4 calls/s) stays under it across apply runs and the drift scan,
 * since the queue runs one job of each kind at a time.
 */
export function getGovernanceDeps(): GovernanceRuntimeDeps {
  if (cached) return cached;
  const deps: GovernanceRuntimeDeps = {
    store: createPrismaGovernanceStore(getDb()),
    directory: createOrganizationsTagDirectory(),
    async wakeApply(id) {
      const queue = await getJobQueue();
      if (queue) {
        await queue.send(APPLY_TAG_CHANGES_JOB, { id });
        return;
      }
      // No job worker in this process (BULKHEAD_JOBS=off): apply here, in the background.
      if (inline.has(id)) return;
      inline.set(
        id,
        applyTagChange(deps, { id }, systemActor("governance-apply"))
          .catch((error: unknown) => logger.error("inline tag change apply failed", { error, id }))
          .finally(() => inline.delete(id)),
      );
    },
    async queueDriftScan() {
      const queue = await getJobQueue();
      if (!queue) return false;
      await queue.send(DETECT_DRIFT_JOB, {}, { singletonKey: "manual" });
      return true;
    },
  };
  cached = deps;
  return cached;
}
