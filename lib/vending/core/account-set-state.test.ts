import { describe, expect, it } from "vitest";
import { accountSetStates, summarizeSetOutcome, transitionAccountSet, type AccountSetEvent } from "./account-set-state";

describe("transitionAccountSet", () => {
  it("approves, starts and settles", () => {
    expect(transitionAccountSet("requested", { type: "approve" })).toBe("approved");
    expect(transitionAccountSet("approved", { type: "start" })).toBe("provisioning");
    expect(transitionAccountSet("provisioning", { type: "settle", outcome: "vended" })).toBe("vended");
    expect(transitionAccountSet("provisioning", { type: "settle", outcome: "partially_failed" })).toBe("partially_failed");
  });
  it("rejects only a request still waiting for a decision", () => {
    expect(transitionAccountSet("requested", { type: "reject" })).toBe("rejected");
    for (const state of accountSetStates.filter((s) => s !== "requested")) {
      expect(() => transitionAccountSet(state, { type: "reject" })).toThrow(/cannot reject/);
      expect(() => transitionAccountSet(state, { type: "approve" })).toThrow(/cannot approve/);
    }
  });
  it("retries only a failed or partly failed set", () => {
    expect(transitionAccountSet("failed", { type: "retry" })).toBe("provisioning");
    expect(transitionAccountSet("partially_failed", { type: "retry" })).toBe("provisioning");
    const retry: AccountSetEvent = { type: "retry" };
    for (const state of ["requested", "approved", "rejected", "provisioning", "vended"] as const) expect(() => transitionAccountSet(state, retry)).toThrow(/cannot retry/);
  });
  it("never leaves rejected or vended", () => {
    const all: AccountSetEvent[] = [{ type: "approve" }, { type: "reject" }, { type: "start" }, { type: "settle", outcome: "vended" }, { type: "retry" }];
    for (const event of all) {
      expect(() => transitionAccountSet("rejected", event)).toThrow();
      expect(() => transitionAccountSet("vended", event)).toThrow();
    }
  });
});

describe("summarizeSetOutcome", () => {
  it("keeps provisioning while any account moves or the PRs are not open", () => {
    expect(summarizeSetOutcome(["done", "in_progress", "failed"], { wired: false })).toBe("provisioning");
    expect(summarizeSetOutcome(["done", "queued"], { wired: true })).toBe("provisioning");
    expect(summarizeSetOutcome(["done", "done"], { wired: false })).toBe("provisioning");
  });
  it("settles vended, partially failed or failed", () => {
    expect(summarizeSetOutcome(["done", "done", "cancelled"], { wired: true })).toBe("vended");
    expect(summarizeSetOutcome(["done", "failed"], { wired: false })).toBe("partially_failed");
    expect(summarizeSetOutcome(["failed", "failed"], { wired: false })).toBe("failed");
    expect(summarizeSetOutcome(["cancelled"], { wired: false })).toBe("failed");
  });
});
