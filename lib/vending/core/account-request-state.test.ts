import { describe, expect, it } from "vitest";
import { accountRequestStatuses, transitionAccountRequest, type AccountRequestEvent, type AccountRequestStatus } from "./account-request-state";

const at = (status: AccountRequestStatus, accountId: string | null = null) => ({ status, accountId });
const events: AccountRequestEvent[] = [
  { type: "claim" },
  { type: "record", status: "CREATED" },
  { type: "record", status: "IN_PROGRESS" },
  { type: "record", status: "IN_PROGRESS_IN_ERROR" },
  { type: "record", status: "SUCCEEDED", accountId: "123456789012" },
  { type: "record", status: "FAILED" },
  { type: "requeue" },
  { type: "tagged" },
  { type: "verified" },
  { type: "recorded" },
  { type: "fail" },
  { type: "retry" },
  { type: "cancel" },
];

describe("transitionAccountRequest", () => {
  it("walks the happy path", () => {
    let status: AccountRequestStatus = "queued";
    const path: AccountRequestStatus[] = [status];
    for (const event of [events[0]!, events[1]!, events[2]!, events[4]!, events[7]!, events[8]!, events[9]!]) {
      status = transitionAccountRequest(at(status), event);
      path.push(status);
    }
    expect(path).toEqual(["queued", "submitted", "in_progress", "in_progress", "succeeded", "tagged", "verified", "done"]);
  });

  it("goes straight from submitted to succeeded or failed when the first look is final", () => {
    expect(transitionAccountRequest(at("submitted"), { type: "record", status: "SUCCEEDED", accountId: "123456789012" })).toBe("succeeded");
    expect(transitionAccountRequest(at("submitted"), { type: "record", status: "FAILED" })).toBe("failed");
  });

  it("refuses SUCCEEDED without a 12-digit account id", () => {
    expect(() => transitionAccountRequest(at("in_progress"), { type: "record", status: "SUCCEEDED" })).toThrow(/AccountId/);
    expect(() => transitionAccountRequest(at("in_progress"), { type: "record", status: "SUCCEEDED", accountId: "12345" })).toThrow(/AccountId/);
  });

  it("retries a failure from where it failed: before the account exists, or at tagging", () => {
    expect(transitionAccountRequest(at("failed"), { type: "retry" })).toBe("queued");
    expect(transitionAccountRequest(at("failed", "123456789012"), { type: "retry" })).toBe("succeeded");
  });

  it("requeues a busy Control Tower attempt without failing it", () => {
    expect(transitionAccountRequest(at("in_progress"), { type: "requeue" })).toBe("queued");
  });

  // The full table: every (status, event) pair outside this list must be refused.
  const allowed = new Set([
    "queued:claim",
    "queued:fail",
    "queued:cancel",
    ...["submitted", "in_progress"].flatMap((s) => ["CREATED", "IN_PROGRESS", "IN_PROGRESS_IN_ERROR", "SUCCEEDED", "FAILED"].map((r) => `${s}:record:${r}`)),
    "submitted:requeue",
    "in_progress:requeue",
    "succeeded:tagged",
    "tagged:verified",
    "verified:recorded",
    ...["submitted", "in_progress", "succeeded", "tagged", "verified"].map((s) => `${s}:fail`),
    "failed:retry",
    "failed:cancel",
  ]);
  for (const status of accountRequestStatuses) {
    for (const event of events) {
      const key = `${status}:${event.type}${event.type === "record" ? `:${event.status}` : ""}`;
      it(`${allowed.has(key) ? "allows" : "refuses"} ${key}`, () => {
        if (allowed.has(key)) expect(() => transitionAccountRequest(at(status), event)).not.toThrow();
        else expect(() => transitionAccountRequest(at(status), event)).toThrow(/cannot take/);
      });
    }
  }
});
