import { describe, expect, it } from "vitest";
import { summarizeTagChangeOutcome, transitionTagChange, transitionTagChangeItem } from "./tag-change-state";

describe("transitionTagChange", () => {
  it("follows approve, start, settle and retry", () => {
    expect(transitionTagChange("requested", { type: "approve" })).toBe("approved");
    expect(transitionTagChange("requested", { type: "reject" })).toBe("rejected");
    expect(transitionTagChange("approved", { type: "start" })).toBe("applying");
    expect(transitionTagChange("applying", { type: "settle", outcome: "partially_failed" })).toBe("partially_failed");
    expect(transitionTagChange("failed", { type: "retry" })).toBe("applying");
    expect(transitionTagChange("partially_failed", { type: "cancel" })).toBe("cancelled");
  });

  it("refuses what the diagram does not allow, with CONFLICT", () => {
    expect(() => transitionTagChange("approved", { type: "approve" })).toThrow(/approved cannot approve/);
    expect(() => transitionTagChange("requested", { type: "start" })).toThrow(expect.objectContaining({ code: "CONFLICT" }));
    expect(() => transitionTagChange("applied", { type: "retry" })).toThrow(/applied cannot retry/);
    expect(() => transitionTagChange("applying", { type: "cancel" })).toThrow(/applying cannot cancel/);
    expect(() => transitionTagChange("rejected", { type: "settle", outcome: "applied" })).toThrow(/cannot settle as applied/);
  });
});

describe("transitionTagChangeItem", () => {
  it("moves pending → applying → applied → verified, and failed back to pending on retry", () => {
    expect(transitionTagChangeItem("pending", { type: "start" })).toBe("applying");
    expect(transitionTagChangeItem("applying", { type: "start" })).toBe("applying");
    expect(transitionTagChangeItem("applying", { type: "tagged" })).toBe("applied");
    expect(transitionTagChangeItem("applied", { type: "verified" })).toBe("verified");
    expect(transitionTagChangeItem("applied", { type: "fail" })).toBe("failed");
    expect(transitionTagChangeItem("failed", { type: "retry" })).toBe("pending");
  });

  it("never verifies what was not applied, nor reopens a verified item", () => {
    expect(() => transitionTagChangeItem("applying", { type: "verified" })).toThrow(expect.objectContaining({ code: "CONFLICT" }));
    expect(() => transitionTagChangeItem("verified", { type: "start" })).toThrow(/verified cannot take "start"/);
    expect(() => transitionTagChangeItem("verified", { type: "cancel" })).toThrow();
  });
});

describe("summarizeTagChangeOutcome", () => {
  it("settles from the items", () => {
    expect(summarizeTagChangeOutcome(["verified", "applying"])).toBe("applying");
    expect(summarizeTagChangeOutcome(["verified", "verified", "cancelled"])).toBe("applied");
    expect(summarizeTagChangeOutcome(["verified", "failed"])).toBe("partially_failed");
    expect(summarizeTagChangeOutcome(["failed", "failed"])).toBe("failed");
    expect(summarizeTagChangeOutcome(["cancelled"])).toBe("failed");
  });
});
