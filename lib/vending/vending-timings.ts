import { describeRecordBackoff, retryLaterBackoff } from "./core/poll-backoff";
import type { VendingDeps, VendingTimings } from "./ports";

/** Production pacing: Account Factory takes 15–30 minutes per account, so polls start at 15 s. */
export const defaultVendingTimings: VendingTimings = {
  pollBackoff: describeRecordBackoff,
  retryBackoff: retryLaterBackoff,
  leaseMs: 2 * 60_000,
  maxWiringAttempts: 6,
};

export function timingsOf(deps: Pick<VendingDeps, "timings">): VendingTimings {
  return { ...defaultVendingTimings, ...deps.timings };
}

export function nowOf(deps: Pick<VendingDeps, "now">): Date {
  return deps.now?.() ?? new Date();
}
