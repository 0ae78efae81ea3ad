import type { DomainRegistry } from "../domains/domain-registry";
import { logger } from "../logger";
import { handleGithubEvent } from "./handle-github-event";
import type { WebhookDeliveryStore } from "./webhook-delivery-store";

/** A claim older than this belongs to a worker that died; another may take the delivery over. */
export const WEBHOOK_CLAIM_STALE_MS = 10 * 60_000;

export interface ProcessWebhookDeliveryDeps {
  store: WebhookDeliveryStore;
  registry: DomainRegistry;
}

export type ProcessWebhookOutcome =
  | { status: "processed" | "ignored"; handled: string[] }
  /** Done already, being processed by another worker, or unknown: nothing was run. */
  | { status: "skipped"; handled: [] };

/** What is kept of an error: its message, bounded, never a stack. */
function describeError(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.length > 2000 ? `${message.slice(0, 2000)}…` : message;
}

/**
 * Processes one stored delivery: claims it (so that two workers never run it at once and a
 * processed one never runs again), hands it to every registered domain that handles its
 * event, and records the outcome. A handler that throws leaves the delivery `failed` with the
 * error and rethrows, so that the job queue retries it with backoff; handlers are therefore
 * idempotent (a merge seen twice is recorded once).
 */
export async function processWebhookDelivery(
  deps: ProcessWebhookDeliveryDeps,
  deliveryId: string,
  options: { now?: () => Date } = {},
): Promise<ProcessWebhookOutcome> {
  const now = options.now ?? (() => new Date());
  const delivery = await deps.store.claim(deliveryId, { staleBefore: new Date(now().getTime() - WEBHOOK_CLAIM_STALE_MS) });
  if (!delivery) return { status: "skipped", handled: [] };
  const claimedAt = delivery.claimedAt!;
  try {
    const { handled } = await handleGithubEvent({ id: delivery.deliveryId, name: delivery.event, payload: delivery.payload }, deps.registry);
    const status = handled.length > 0 ? "processed" : "ignored";
    await deps.store.markDone(deliveryId, { claimedAt, status, outcome: handled });
    return { status, handled };
  } catch (error) {
    logger.warn("github webhook processing failed; it will be retried", { deliveryId, event: delivery.event, attempt: delivery.attempts, error });
    await deps.store.markFailed(deliveryId, { claimedAt, error: describeError(error) }).catch((storeError: unknown) =>
      // The claim goes stale and is taken over later; the original error is the one to report.
      logger.error("could not record a failed webhook delivery", { deliveryId, error: storeError }),
    );
    throw error;
  }
}
