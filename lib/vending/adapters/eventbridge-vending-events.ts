import "server-only";
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { AwsOperationError, callAws } from "../core/aws-error";
import type { VendingEvent, VendingEventType, VendingEvents } from "../ports";
import { defaultAwsCallTimeoutMs } from "@/lib/platform/aws-client-config";

/** The EventBridge `source` of every vending event; rules match on it. */
export const VENDING_EVENT_SOURCE = "bulkhead.vending";

/** One detail-type per event, so that rules can pick the moments they care about. */
export const vendingDetailTypes: Record<VendingEventType, string> = {
  requested: "Account Set Requested",
  approved: "Account Set Approved",
  rejected: "Account Set Rejected",
  provisioning: "Account Provisioning Started",
  vended: "Account Vended",
  failed: "Account Vending Failed",
};

// PutEvents takes at most 10 entries per call.
const BATCH = 10;

// The domain event becomes EventBridge's entry here and nowhere else.
function toEntry(event: VendingEvent, busName: string): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: VENDING_EVENT_SOURCE,
    DetailType: vendingDetailTypes[event.type],
    Time: event.at,
    Detail: JSON.stringify({
      setId: event.setId,
      accountRequestId: event.accountRequestId,
      workload: event.workloadSlug,
      environment: event.env,
      accountName: event.accountName,
      accountId: event.accountId,
      ...event.detail,
    }),
  };
}

export interface EventBridgeVendingEventsOptions {
  client: EventBridgeClient;
  /** The bus name or ARN. */
  busName: string;
  callTimeoutMs?: number;
}

/** Publishes vending events on an EventBridge bus with `PutEvents`. */
export function createEventBridgeVendingEvents({ client, busName, callTimeoutMs }: EventBridgeVendingEventsOptions): VendingEvents {
  return {
    async publish(events) {
      for (let start = 0; start < events.length; start += BATCH) {
        const entries = events.slice(start, start + BATCH).map((e) => toEntry(e, busName));
        const out = await callAws({ service: "eventbridge", operation: "PutEvents", timeoutMs: callTimeoutMs ?? defaultAwsCallTimeoutMs }, (o) => client.send(new PutEventsCommand({ Entries: entries }), o));
        // PutEvents answers 200 even when entries fail; each failed entry carries its own code.
        const failed = (out.Entries ?? []).find((entry) => entry.ErrorCode);
        if ((out.FailedEntryCount ?? 0) > 0 || failed) {
          throw new AwsOperationError({
            service: "eventbridge",
            operation: "PutEvents",
            name: failed?.ErrorCode ?? "FailedEntry",
            message: `${out.FailedEntryCount ?? 1} of ${entries.length} events were not published: ${failed?.ErrorMessage ?? "no reason given"}`,
          });
        }
      }
    },
  };
}

/** When no bus is configured: the audit log is the only record, and nothing is published. */
export function createNoopVendingEvents(): VendingEvents {
  return { enabled: false, publish: async () => {} };
}
