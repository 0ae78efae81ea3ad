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

/**
 * The delay before the next DescribeRecord, adapted to how long Account Factory has been taking.
 * `expectedMs` is the shortest provisioning time seen lately (null until one is seen), and
 * `elapsedMs` how long this record has been running (from its creation). Before the expected end
 * the next look is at that end (never sooner than a tenth of the policy's first delay): the
 * expected time is the shortest of the recent ones, so looking earlier would almost always find
 * the record still running, and every look costs a call. Once the record is overdue, the
 * policy's backoff starts again from its first delay, counting the repeats that fit into the time
 * overdue. So a record that finishes on time is seen at once, with one call, and a slow one is
 * still polled gently. While nothing is known: the plain backoff at `repeat`.
 */
export function computePollDelay(
  policy: BackoffPolicy,
  input: { elapsedMs: number; expectedMs: number | null; repeat: number },
  options: { random?: () => number } = {},
): number {
  if (input.expectedMs === null) return computeBackoffDelay(policy, input.repeat, options);
  const remaining = Math.round(input.expectedMs - input.elapsedMs);
  if (remaining > 0) return Math.max(remaining, Math.round(policy.initialMs / 10));
  const overdue = -remaining;
  const initial = Math.max(policy.initialMs, 1);
  const repeat = policy.factor > 1 ? Math.floor(Math.log(1 + (overdue * (policy.factor - 1)) / initial) / Math.log(policy.factor)) : Math.floor(overdue / initial);
  return computeBackoffDelay(policy, repeat, options);
}

/**
 * The provisioning times a worker has seen (CreatedTime to UpdatedTime of SUCCEEDED records, both
 * AWS's clock): the expected time is the shortest of the last few, so that an early finish is
 * never polled late; one slow record does not push the next look back.
 */
export interface DurationTracker {
  observe(ms: number): void;
  expectedMs(): number | null;
}

export function createDurationTracker(keep = 10): DurationTracker {
  const seen: number[] = [];
  return {
    observe(ms) {
      if (!Number.isFinite(ms) || ms < 0) return;
      seen.push(ms);
      if (seen.length > keep) seen.shift();
    },
    expectedMs() {
      return seen.length > 0 ? Math.min(...seen) : null;
    },
  };
}
