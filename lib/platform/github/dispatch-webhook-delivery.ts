import type { JobQueue } from "../jobs/job-queue";
import { logger } from "../logger";
import { processWebhookDelivery, type ProcessWebhookDeliveryDeps } from "./process-webhook-delivery";
import { PROCESS_WEBHOOK_JOB } from "./webhook-job-names";

export type DispatchOutcome =
  | { status: "queued" }
  | { status: "processed" | "ignored" | "skipped"; handled: string[] }
  | { status: "failed"; error: string };

/**
 * Hands a stored delivery on: to the job queue when a worker runs in this process (a
 * `platform.process-webhook` job, singleton per delivery, retried with backoff), else processed
 * here and now (tests, BULKHEAD_JOBS=off). Never throws: the delivery is stored, so a failure
 * here is recorded on it and retried by the sweep (`retryWebhookDeliveries`).
 */
export async function dispatchWebhookDelivery(
  deps: ProcessWebhookDeliveryDeps & { queue: JobQueue | null },
  deliveryId: string,
): Promise<DispatchOutcome> {
  if (deps.queue) {
    try {
      await deps.queue.send(PROCESS_WEBHOOK_JOB, { deliveryId }, { singletonKey: deliveryId });
      return { status: "queued" };
    } catch (error) {
      // Stored but not queued: the sweep finds it in `received` and queues it again.
      logger.error("could not queue a stored webhook delivery; the sweep will retry it", { deliveryId, error });
      return { status: "failed", error: "not queued yet; it will be retried" };
    }
  }
  try {
    return await processWebhookDelivery(deps, deliveryId);
  } catch (error) {
    return { status: "failed", error: error instanceof Error ? error.message : String(error) };
  }
}
