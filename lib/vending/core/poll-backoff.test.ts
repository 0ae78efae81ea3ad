import { describe, expect, it } from "vitest";
import { computeBackoffDelay, computeNextPollAt, describeRecordBackoff, retryLaterBackoff } from "./poll-backoff";

const policy = { initialMs: 1_000, factor: 2, maxMs: 10_000, jitter: 0.5 };

describe("computeBackoffDelay", () => {
  it("grows by the factor and stops at the ceiling (no jitter at random 0.5)", () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5].map((n) => computeBackoffDelay(policy, n, { random: mid }))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });
  it("spreads by the jitter fraction either way", () => {
    expect(computeBackoffDelay(policy, 1, { random: () => 0 })).toBe(1_000);
    expect(computeBackoffDelay(policy, 1, { random: () => 0.999999 })).toBe(3_000);
  });
  it("never waits less than AWS asked for", () => {
    expect(computeBackoffDelay(policy, 0, { random: () => 0.5, retryAfterMs: 7_500 })).toBe(7_500);
  });
  it("treats negative and fractional repeats as whole repeats from 0", () => {
    expect(computeBackoffDelay(policy, -3, { random: () => 0.5 })).toBe(1_000);
    expect(computeBackoffDelay(policy, 1.9, { random: () => 0.5 })).toBe(2_000);
  });
  it("polls DescribeRecord at most every two minutes plus jitter, and waits longer after throttling", () => {
    const max = computeBackoffDelay(describeRecordBackoff, 50, { random: () => 0.999999 });
    expect(max).toBeLessThanOrEqual(144_000);
    expect(computeBackoffDelay(retryLaterBackoff, 0, { random: () => 0 })).toBe(3_500);
  });
});

describe("computeNextPollAt", () => {
  it("adds the delay to now", () => {
    const now = new Date("2026-11-30T10:00:00Z");
    expect(computeNextPollAt(now, policy, 2, { random: () => 0.5 }).toISOString()).toBe("2026-11-30T10:00:04.000Z");
  });
});
