/** Where a delivery stands: stored, being processed, done (handled or not for us), or failed and due a retry. */
export type WebhookDeliveryStatus = "received" | "processing" | "processed" | "failed" | "ignored";

/** A verified delivery, as the intake stores it. */
export interface NewWebhookDelivery {
  deliveryId: string;
  event: string;
  action: string | null;
  payload: Record<string, unknown>;
}

export interface StoredWebhookDelivery extends NewWebhookDelivery {
  status: WebhookDeliveryStatus;
  attempts: number;
  lastError: string | null;
  receivedAt: Date;
  /** When the current or last attempt started; also the claim's token. */
  claimedAt: Date | null;
  processedAt: Date | null;
}

/**
 * Persistence of GitHub deliveries (`webhook_deliveries`), so that none is lost between
 * receipt and processing. The production adapter is `prisma-webhook-delivery-store.ts`.
 */
export interface WebhookDeliveryStore {
  /**
   * Stores a delivery once, keyed by its delivery id. A delivery id already stored writes
   * nothing and returns the stored row with `created: false` (a replay, or a redelivery).
   */
  record(delivery: NewWebhookDelivery): Promise<{ created: boolean; delivery: StoredWebhookDelivery }>;
  /**
   * Claims a delivery for one attempt: received or failed → processing, attempts + 1, or a
   * processing claim older than `staleBefore` (its worker died) taken over. A conditional
   * update, so of two racing workers one wins; null for the other, and for a delivery that
   * is done or unknown.
   */
  claim(deliveryId: string, options: { staleBefore: Date }): Promise<StoredWebhookDelivery | null>;
  /** processing → processed (a domain handled it) or ignored (none did), for the claim `claimedAt`. */
  markDone(deliveryId: string, options: { claimedAt: Date; status: "processed" | "ignored"; outcome: string[] }): Promise<void>;
  /** processing → failed with the error, for the claim `claimedAt`. */
  markFailed(deliveryId: string, options: { claimedAt: Date; error: string }): Promise<void>;
  /**
   * Deliveries that need another attempt, oldest first: received before `receivedBefore` (the
   * job that should have processed them was never queued), failed with fewer than `maxAttempts`
   * and last tried before `failedBefore`, and processing claims older than `staleBefore`.
   */
  listDue(options: { receivedBefore: Date; failedBefore: Date; staleBefore: Date; maxAttempts: number; limit: number }): Promise<string[]>;
  /** Deletes processed and ignored deliveries received before `before`; returns how many. */
  prune(before: Date): Promise<number>;
}
