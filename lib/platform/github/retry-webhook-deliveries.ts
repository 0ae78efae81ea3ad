import type { JobQueue } from "../jobs/job-queue";
import { logger } from "../logger";
import { dispatchWebhookDelivery } from "./dispatch-webhook-delivery";
import { WEBHOOK_CLAIM_STALE_MS, type ProcessWebhookDeliveryDeps } from "./process-webhook-delivery";

/** Attempts after which a failed delivery is left for an admin (GitHub's "Redeliver" re-arms it). */
export const WEBHOOK_MAX_ATTEMPTS = 10;
/** Processed and ignored deliveries are kept this long, for the record and for deduplication. */
export const WEBHOOK_RETENTION_DAYS = 30;

/**
 * The sweep (every 10 minutes): dispatches again every delivery that needs it — stored but
 * never queued (received for over a minute), failed with attempts left (last tried over 10
 * minutes ago, after the queue's own retries), or claimed by a worker that died — and deletes
 * processed deliveries past retention. With no queue, the deliveries are processed here.
 */
export async function retryWebhookDeliveries(
  deps: ProcessWebhookDeliveryDeps & { queue: JobQueue | null },
  options: { now?: Date; limit?: number } = {},
): Promise<{ dispatched: Record<string, number>; pruned: number }> {
  const now = (options.now ?? new Date()).getTime();
  const due = await deps.store.listDue({
    receivedBefore: new Date(now - 60_000),
    failedBefore: new Date(now - 10 * 60_000),
    staleBefore: new Date(now - WEBHOOK_CLAIM_STALE_MS),
    maxAttempts: WEBHOOK_MAX_ATTEMPTS,
    limit: options.limit ?? 200,
  });
  const dispatched: Record<string, number> = {};
  for (const deliveryId of due) {
    const { status } = await dispatchWebhookDelivery(deps, deliveryId);
    dispatched[status] = (dispatched[status] ?? 0) + 1;
  }
  const pruned = await deps.store.prune(new Date(now - WEBHOOK_RETENTION_DAYS * 24 * 60 * 60_000));
  if (due.length > 0 || pruned > 0) logger.info("webhook deliveries swept", { due: due.length, dispatched, pruned });
  return { dispatched, pruned };
}
