/*
 * When to look again. Account Factory takes 15–30 minutes per account, so DescribeRecord is
 * polled with a growing delay; retry-later errors (throttling, "another operation in progress")
 * wait longer still. Both are jittered so that many accounts started together spread out.
 */

export interface BackoffPolicy {
  /** Delay before the first repeat. */
  initialMs: number;
  /** Growth per repeat. */
  factor: number;
  /** Ceiling of the delay before jitter. */
  maxMs: number;
  /** Fraction of the delay randomised either way (0.2 → ±20 %). */
  jitter: number;
}

/** DescribeRecord polling: 15 s, growing by half, at most every 2 minutes. */
export const describeRecordBackoff: BackoffPolicy = { initialMs: 15_000, factor: 1.5, maxMs: 120_000, jitter: 0.2 };

/** Throttling, 5xx and "operation in progress": 5 s, doubling, at most 5 minutes. */
export const retryLaterBackoff: BackoffPolicy = { initialMs: 5_000, factor: 2, maxMs: 300_000, jitter: 0.3 };

/**
 * The delay before repeat number `repeat` (0 for the first). `retryAfterMs`, when AWS named a
 * wait, is a floor. `random` returns [0, 1) and is a parameter so that tests are exact.
 */
export function computeBackoffDelay(
  policy: BackoffPolicy,
  repeat: number,
  options: { random?: () => number; retryAfterMs?: number } = {},
): number {
  const random = options.random ?? Math.random;
  const steps = Math.max(0, Math.floor(repeat));
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** steps);
  const jitter = Math.min(Math.max(policy.jitter, 0), 1);
  const delay = base * (1 - jitter + 2 * jitter * random());
  return Math.round(Math.max(delay, options.retryAfterMs ?? 0));
}

/** The moment of the next look, from `now`. */
export function computeNextPollAt(
  now: Date,
  policy: BackoffPolicy,
  repeat: number,
  options: { random?: () => number; retryAfterMs?: number } = {},
): Date {
  return new Date(now.getTime() + computeBackoffDelay(policy, repeat, options));
}
