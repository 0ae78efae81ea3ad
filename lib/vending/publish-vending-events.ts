import { logger } from "@/lib/platform/logger";
import type { AccountRequestRecord, AccountSetRecord, VendingDeps, VendingEvent, VendingEventType } from "./ports";

/** An event about the whole set (requested, approved, rejected). */
export function buildSetEvent(type: VendingEventType, set: AccountSetRecord, at: Date, detail: Record<string, unknown> = {}): VendingEvent {
  return {
    type,
    setId: set.id,
    accountRequestId: null,
    workloadSlug: set.workloadSlug,
    env: null,
    accountName: null,
    accountId: null,
    at,
    detail: { state: set.state, environments: set.accounts.map((a) => a.env), requestedBy: set.requestedBy.name, ...detail },
  };
}

/** An event about one account of a set (provisioning, vended, failed). */
export function buildAccountEvent(type: VendingEventType, workloadSlug: string, account: AccountRequestRecord, at: Date, detail: Record<string, unknown> = {}): VendingEvent {
  return {
    type,
    setId: account.setId,
    accountRequestId: account.id,
    workloadSlug,
    env: account.env,
    accountName: account.accountName,
    accountId: account.accountId,
    at,
    detail: { attempt: account.attempt, ...detail },
  };
}

/**
 * Publishes after the state change committed. Best effort: the audit log is the record and
 * already holds the moment; a bus that is down must never undo or block vending.
 */
export async function publishVendingEvents(deps: Pick<VendingDeps, "events">, events: VendingEvent[]): Promise<void> {
  if (events.length === 0) return;
  try {
    await deps.events.publish(events);
  } catch (error) {
    logger.warn("vending events not published", { types: events.map((e) => e.type), setIds: [...new Set(events.map((e) => e.setId))], error });
  }
}
