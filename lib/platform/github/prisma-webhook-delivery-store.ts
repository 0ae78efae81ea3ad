import "server-only";
import { isUniqueViolation } from "../prisma-store-helpers";
import type { Db } from "../create-prisma-client";
import { Prisma } from "../../generated/prisma/client";
import type { NewWebhookDelivery, StoredWebhookDelivery, WebhookDeliveryStore } from "./webhook-delivery-store";

type Row = Prisma.WebhookDeliveryGetPayload<object>;

// Rows become the store's records here and nowhere else.
function toDelivery(row: Row): StoredWebhookDelivery {
  return {
    deliveryId: row.deliveryId,
    event: row.event,
    action: row.action,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    receivedAt: row.receivedAt,
    claimedAt: row.claimedAt,
    processedAt: row.processedAt,
  };
}

/** GitHub deliveries on Prisma (`webhook_deliveries`). */
export function createPrismaWebhookDeliveryStore(db: Db): WebhookDeliveryStore {
  return {
    async record(delivery: NewWebhookDelivery) {
      try {
        const row = await db.webhookDelivery.create({
          data: {
            deliveryId: delivery.deliveryId,
            event: delivery.event,
            action: delivery.action,
            payload: delivery.payload as Prisma.InputJsonObject,
          },
        });
        return { created: true, delivery: toDelivery(row) };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const row = await db.webhookDelivery.findUnique({ where: { deliveryId: delivery.deliveryId } });
        if (!row) throw error;
        return { created: false, delivery: toDelivery(row) };
      }
    },

    async claim(deliveryId, { staleBefore }) {
      const claimedAt = new Date();
      // One conditional UPDATE: of two racing workers, the second re-checks the row after the
      // first commits, finds it processing with a fresh claim, and matches nothing.
      const { count } = await db.webhookDelivery.updateMany({
        where: {
          deliveryId,
          OR: [{ status: { in: ["received", "failed"] } }, { status: "processing", claimedAt: { lt: staleBefore } }],
        },
        data: { status: "processing", claimedAt, attempts: { increment: 1 } },
      });
      if (count === 0) return null;
      const row = await db.webhookDelivery.findUnique({ where: { deliveryId } });
      return row && row.claimedAt?.getTime() === claimedAt.getTime() ? toDelivery(row) : null;
    },

    async markDone(deliveryId, { claimedAt, status, outcome }) {
      await db.webhookDelivery.updateMany({
        where: { deliveryId, status: "processing", claimedAt },
        data: { status, outcome, processedAt: new Date(), lastError: null },
      });
    },

    async markFailed(deliveryId, { claimedAt, error }) {
      await db.webhookDelivery.updateMany({
        where: { deliveryId, status: "processing", claimedAt },
        data: { status: "failed", lastError: error },
      });
    },

    async listDue({ receivedBefore, failedBefore, staleBefore, maxAttempts, limit }) {
      const rows = await db.webhookDelivery.findMany({
        where: {
          OR: [
            { status: "received", receivedAt: { lt: receivedBefore } },
            { status: "failed", attempts: { lt: maxAttempts }, claimedAt: { lt: failedBefore } },
            { status: "processing", claimedAt: { lt: staleBefore } },
          ],
        },
        select: { deliveryId: true },
        orderBy: { receivedAt: "asc" },
        take: limit,
      });
      return rows.map((r) => r.deliveryId);
    },

    async prune(before) {
      const { count } = await db.webhookDelivery.deleteMany({ where: { status: { in: ["processed", "ignored"] }, receivedAt: { lt: before } } });
      return count;
    },
  };
}
