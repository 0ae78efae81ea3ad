import { describe, expect, it } from "vitest";
import { computeBackoffDelay, computeNextPollAt, computePollDelay, createDurationTracker, describeRecordBackoff, retryLaterBackoff } from "./poll-backoff";

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

describe("computePollDelay", () => {
  const fixed = { initialMs: 20, factor: 1, maxMs: 20, jitter: 0 };
  const slow = { initialMs: 15_000, factor: 1.5, maxMs: 120_000, jitter: 0 };
  it("uses the plain backoff while no provisioning time is known", () => {
    expect(computePollDelay(slow, { elapsedMs: 5_000, expectedMs: null, repeat: 2 })).toBe(33_750);
  });
  it("looks again when the record is expected to finish, not before (one call for a record on time)", () => {
    expect(computePollDelay(fixed, { elapsedMs: 30, expectedMs: 200, repeat: 0 })).toBe(170);
    expect(computePollDelay(slow, { elapsedMs: 60_000, expectedMs: 20 * 60_000, repeat: 0 })).toBe(19 * 60_000);
    expect(computePollDelay(slow, { elapsedMs: 19 * 60_000 + 30_000, expectedMs: 20 * 60_000, repeat: 9 })).toBe(30_000);
  });
  it("never polls in a tight loop just before the expected end", () => {
    expect(computePollDelay(slow, { elapsedMs: 20 * 60_000 - 10, expectedMs: 20 * 60_000, repeat: 0 })).toBe(1_500);
  });
  it("starts the backoff afresh once the record is overdue, whatever the repeats before", () => {
    expect(computePollDelay(slow, { elapsedMs: 20 * 60_000 + 1_000, expectedMs: 20 * 60_000, repeat: 12 })).toBe(15_000);
    // 60 s overdue: 15 s + 22.5 s have passed, the next delay is the third.
    expect(computePollDelay(slow, { elapsedMs: 21 * 60_000, expectedMs: 20 * 60_000, repeat: 12 })).toBe(33_750);
    expect(computePollDelay(fixed, { elapsedMs: 290, expectedMs: 200, repeat: 12 })).toBe(20);
  });
});

describe("createDurationTracker", () => {
  it("expects the shortest of the recent provisioning times and forgets old ones", () => {
    const tracker = createDurationTracker(3);
    expect(tracker.expectedMs()).toBeNull();
    tracker.observe(250);
    tracker.observe(200);
    tracker.observe(-5);
    tracker.observe(Number.NaN);
    expect(tracker.expectedMs()).toBe(200);
    tracker.observe(300);
    tracker.observe(310);
    expect(tracker.expectedMs()).toBe(200);
    tracker.observe(320);
    expect(tracker.expectedMs()).toBe(300);
  });
});
