/*
 * AWS Organizations throttles its API per account (TooManyRequestsException). Applying a bulk
 * change makes two calls per account (TagResource, then ListTagsForResource to verify), so the
 * accounts are applied in batches that fit the configured call rate: each batch starts one window
 * after the previous one, and the accounts inside a batch run together.
 */

export interface ApplyRate {
  /** Organizations calls per second the portal allows itself (AWS's quota leaves room for other tools). */
  callsPerSecond: number;
  /** Calls per account: TagResource and ListTagsForResource (UntagResource adds one when keys are removed). */
  callsPerAccount: number;
}

export const defaultApplyRate: ApplyRate = { callsPerSecond: 4, callsPerAccount: 2 };

export interface ApplyBatch<T> {
  /** Earliest start, from the start of the run. */
  startOffsetMs: number;
  items: T[];
}

function checkRate(rate: ApplyRate): void {
  if (!(rate.callsPerSecond > 0) || !Number.isFinite(rate.callsPerSecond)) throw new RangeError("callsPerSecond must be a positive number");
  if (!Number.isInteger(rate.callsPerAccount) || rate.callsPerAccount < 1) throw new RangeError("callsPerAccount must be a positive integer");
}

/** Accounts per batch and the window between batch starts. */
export function applyWindow(rate: ApplyRate): { batchSize: number; windowMs: number } {
  checkRate(rate);
  const batchSize = Math.max(1, Math.floor(rate.callsPerSecond / rate.callsPerAccount));
  // A batch of `batchSize` accounts makes batchSize × callsPerAccount calls; spread them over the
  // time that many calls take at the allowed rate (never less, so the rate holds over any second).
  const windowMs = Math.ceil((batchSize * rate.callsPerAccount * 1000) / rate.callsPerSecond);
  return { batchSize, windowMs };
}

/** Splits `items` into batches with their earliest start offsets, keeping the order. */
export function planApplyBatches<T>(items: readonly T[], rate: ApplyRate = defaultApplyRate): ApplyBatch<T>[] {
  const { batchSize, windowMs } = applyWindow(rate);
  const batches: ApplyBatch<T>[] = [];
  for (let i = 0; i < items.length; i += batchSize) batches.push({ startOffsetMs: (i / batchSize) * windowMs, items: items.slice(i, i + batchSize) });
  return batches;
}

/** How long applying `count` accounts takes at least, for the admin's preview. */
export function estimateApplyDurationMs(count: number, rate: ApplyRate = defaultApplyRate): number {
  if (count <= 0) return 0;
  const { batchSize, windowMs } = applyWindow(rate);
  return (Math.ceil(count / batchSize) - 1) * windowMs;
}
