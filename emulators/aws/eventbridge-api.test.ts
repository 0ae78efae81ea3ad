import { EventBridgeServiceException, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ReceivedEvent } from "./aws-state.js";
import { startTestEmulator, type TestEmulator } from "./test-helpers.js";

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator();
});

afterAll(async () => {
  await t?.close();
});

beforeEach(async () => {
  await t.control("/reset", { method: "POST" });
});

describe("PutEvents", () => {
  it("accepts valid entries, answers an EventId for each and records what it received", async () => {
    const time = new Date("2026-11-30T12:00:00Z");
    const output = await t.eventBridge.send(
      new PutEventsCommand({
        Entries: [
          { Source: "bulkhead.vending", DetailType: "AccountVended", Detail: JSON.stringify({ accountId: "123456789012" }), EventBusName: "bulkhead", Time: time, Resources: ["arn:aws:organizations::318274650912:account/o-7hq2m4x9ka/123456789012"] },
          { Source: "bulkhead.governance", DetailType: "TagChangeApplied", Detail: "{}" },
        ],
      }),
    );
    expect(output.FailedEntryCount).toBe(0);
    expect(output.Entries?.map((entry) => entry.EventId)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    const events = (await t.control<ReceivedEvent[]>("/events")).body;
    expect(events).toEqual([
      expect.objectContaining({ accepted: true, eventId: output.Entries![0]!.EventId, source: "bulkhead.vending", detailType: "AccountVended", detail: '{"accountId":"123456789012"}', eventBusName: "bulkhead", time: time.getTime() }),
      expect.objectContaining({ accepted: true, eventId: output.Entries![1]!.EventId, eventBusName: "default", time: null }),
    ]);
    expect(events[0]!.resources).toHaveLength(1);
  });

  it("fails single entries with EventBridge's codes and keeps the good ones", async () => {
    const output = await t.eventBridge.send(
      new PutEventsCommand({
        Entries: [
          { Source: "bulkhead.vending", DetailType: "Ok", Detail: "{}" },
          { Source: "bulkhead.vending", DetailType: "Broken", Detail: "{not json" },
          { Source: "bulkhead.vending", DetailType: "Array", Detail: "[1,2]" },
          { Source: "bulkhead.vending", Detail: "{}" },
          { Source: "aws.organizations", DetailType: "Spoofed", Detail: "{}" },
        ],
      }),
    );
    expect(output.FailedEntryCount).toBe(4);
    expect(output.Entries?.map((entry) => entry.ErrorCode ?? "ok")).toEqual(["ok", "MalformedDetail", "MalformedDetail", "InvalidArgument", "NotAuthorizedForSourceException"]);
    expect(output.Entries![3]!.ErrorMessage).toMatch(/DetailType/);
    expect(output.Entries![1]!.EventId).toBeUndefined();
    const events = (await t.control<ReceivedEvent[]>("/events")).body;
    expect(events.map((event) => event.accepted)).toEqual([true, false, false, false, false]);
    await t.control("/events", { method: "DELETE" });
    expect((await t.control<ReceivedEvent[]>("/events")).body).toEqual([]);
  });

  it("refuses more than 10 entries, or none, as a validation error", async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ Source: "bulkhead.test", DetailType: "n", Detail: JSON.stringify({ i }) }));
    const tooMany = await t.eventBridge.send(new PutEventsCommand({ Entries: entries })).catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(EventBridgeServiceException);
    expect(tooMany).toMatchObject({ name: "ValidationException", $metadata: { httpStatusCode: 400 } });
    expect((tooMany as Error).message).toMatch(/less than or equal to 10/);
    const none = await t.eventBridge.send(new PutEventsCommand({ Entries: [] })).catch((e: unknown) => e);
    expect(none).toMatchObject({ name: "ValidationException" });
    expect((await t.control<ReceivedEvent[]>("/events")).body).toEqual([]);
    const ten = await t.eventBridge.send(new PutEventsCommand({ Entries: entries.slice(0, 10) }));
    expect(ten.Entries).toHaveLength(10);
  });
});
