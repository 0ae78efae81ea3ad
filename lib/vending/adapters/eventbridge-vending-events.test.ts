import { EventBridgeClient, InternalException, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import type { VendingEvent } from "../ports";
import { createEventBridgeVendingEvents } from "./eventbridge-vending-events";

const eb = mockClient(EventBridgeClient);
afterEach(() => eb.reset());
const events = () => createEventBridgeVendingEvents({ client: new EventBridgeClient({ region: "eu-west-1" }), busName: "platform" });
const at = new Date("2026-11-30T10:00:00Z");
const event = (n: number, type: VendingEvent["type"] = "vended"): VendingEvent => ({
  type,
  setId: "3f2c1d9e-8b7a-4c6d-9e0f-1a2b3c4d5e6f",
  accountRequestId: `a-${n}`,
  workloadSlug: "payments",
  env: "dev",
  accountName: "payments-dev",
  accountId: "123456789012",
  at,
  detail: { n },
});

describe("createEventBridgeVendingEvents", () => {
  it("publishes with source bulkhead.vending, one detail-type per event and the detail as JSON", async () => {
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "e1" }, { EventId: "e2" }] });
    await events().publish([event(1, "requested"), event(2, "failed")]);
    expect(eb.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries).toEqual([
      {
        EventBusName: "platform",
        Source: "bulkhead.vending",
        DetailType: "Account Set Requested",
        Time: at,
        Detail: JSON.stringify({ setId: "3f2c1d9e-8b7a-4c6d-9e0f-1a2b3c4d5e6f", accountRequestId: "a-1", workload: "payments", environment: "dev", accountName: "payments-dev", accountId: "123456789012", n: 1 }),
      },
      expect.objectContaining({ DetailType: "Account Vending Failed" }),
    ]);
  });

  it("sends at most 10 entries per call", async () => {
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    await events().publish(Array.from({ length: 23 }, (_, i) => event(i)));
    expect(eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
  });

  it("reports failed entries, retryable when EventBridge was throttling", async () => {
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ EventId: "e1" }, { ErrorCode: "ThrottlingException", ErrorMessage: "Rate exceeded" }] });
    await expect(events().publish([event(1), event(2)])).rejects.toMatchObject({ retryable: true, reason: "throttling", message: expect.stringContaining("EventBridge is throttling") });
  });

  it("maps InternalException to retry-later", async () => {
    eb.on(PutEventsCommand).rejects(new InternalException({ message: "internal", $metadata: { httpStatusCode: 500 } }));
    await expect(events().publish([event(1)])).rejects.toMatchObject({ retryable: true, reason: "server_error" });
  });
});
