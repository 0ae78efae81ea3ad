import { describe, expect, it } from "vitest";
import { applyWindow, estimateApplyDurationMs, planApplyBatches } from "./apply-plan";

describe("planApplyBatches", () => {
  it("fits two calls per account into the allowed rate", () => {
    expect(applyWindow({ callsPerSecond: 4, callsPerAccount: 2 })).toEqual({ batchSize: 2, windowMs: 1000 });
    expect(planApplyBatches(["a", "b", "c", "d", "e"], { callsPerSecond: 4, callsPerAccount: 2 })).toEqual([
      { startOffsetMs: 0, items: ["a", "b"] },
      { startOffsetMs: 1000, items: ["c", "d"] },
      { startOffsetMs: 2000, items: ["e"] },
    ]);
  });

  it("never exceeds the rate, even below one account per second", () => {
    expect(applyWindow({ callsPerSecond: 1, callsPerAccount: 2 })).toEqual({ batchSize: 1, windowMs: 2000 });
    expect(applyWindow({ callsPerSecond: 5, callsPerAccount: 2 })).toEqual({ batchSize: 2, windowMs: 800 });
    expect(planApplyBatches([], { callsPerSecond: 5, callsPerAccount: 2 })).toEqual([]);
  });

  it("refuses rates that would never finish", () => {
    expect(() => applyWindow({ callsPerSecond: 0, callsPerAccount: 2 })).toThrow(RangeError);
    expect(() => applyWindow({ callsPerSecond: 5, callsPerAccount: 0 })).toThrow(RangeError);
  });

  it("estimates the shortest run", () => {
    expect(estimateApplyDurationMs(200, { callsPerSecond: 4, callsPerAccount: 2 })).toBe(99_000);
    expect(estimateApplyDurationMs(0)).toBe(0);
  });
});
