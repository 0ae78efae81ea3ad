import type { TagMap, TagPolicy } from "@/lib/vending";
import type { TagChanges } from "./tag-change";

/*
 * Drift: what AWS reports for an account's governed tags against what the portal recorded. Only
 * the tag policy's keys are compared (other tags belong to the teams); a key that a change request
 * is applying right now is skipped, because between TagResource and the verification the two
 * sides differ on purpose.
 */

export const driftKinds = ["changed", "removed", "added"] as const;
export type DriftKind = (typeof driftKinds)[number];

export const driftFindingStatuses = ["open", "reverting", "reverted", "adopting", "adopted", "dismissed"] as const;
export type DriftFindingStatus = (typeof driftFindingStatuses)[number];

/** Findings that still wait for an outcome (one per account and key, a unique index). */
export const unsettledDriftStatuses: readonly DriftFindingStatus[] = ["open", "reverting", "adopting"];

export interface TagDifference {
  key: string;
  kind: DriftKind;
  /** What the portal recorded; null when it recorded nothing for the key. */
  recordedValue: string | null;
  /** What AWS reports; null when the key is gone. */
  observedValue: string | null;
}

/**
 * The differences on the policy's keys, in policy order: `changed` (both have the key, values
 * differ), `removed` (recorded, gone in AWS), `added` (a policy key AWS has that the portal never
 * recorded).
 */
export function compareTags(policy: TagPolicy, recorded: TagMap, observed: TagMap, options: { skipKeys?: Iterable<string> } = {}): TagDifference[] {
  const skip = new Set(options.skipKeys ?? []);
  const differences: TagDifference[] = [];
  for (const { key } of policy.keys) {
    if (skip.has(key)) continue;
    const recordedValue = Object.hasOwn(recorded, key) ? recorded[key]! : null;
    const observedValue = Object.hasOwn(observed, key) ? observed[key]! : null;
    if (recordedValue === observedValue) continue;
    const kind: DriftKind = recordedValue === null ? "added" : observedValue === null ? "removed" : "changed";
    differences.push({ key, kind, recordedValue, observedValue });
  }
  return differences;
}

export interface UnsettledFinding {
  id: string;
  key: string;
  status: DriftFindingStatus;
  recordedValue: string | null;
  observedValue: string | null;
}

export interface DismissedFinding {
  key: string;
  recordedValue: string | null;
  observedValue: string | null;
}

export interface DriftReconciliation {
  /** New findings to open. */
  open: TagDifference[];
  /** Open findings whose observed (or recorded) value moved since: updated in place. */
  refresh: Array<{ findingId: string; difference: TagDifference }>;
  /** Open findings that AWS no longer shows (back at the recorded value outside the portal). */
  resolved: string[];
  /** Open findings seen again unchanged: only their last-seen time moves. */
  seen: string[];
}

/**
 * Turns one scan of one account into finding changes. A finding being reverted or adopted is left
 * to its change request, and so is one on a key the scan skipped (`skippedKeys`, as given to
 * `compareTags`). A difference an admin dismissed (same key, same values) stays dismissed until
 * the values move again.
 */
export function reconcileDrift(
  differences: TagDifference[],
  findings: UnsettledFinding[],
  dismissed: DismissedFinding[] = [],
  options: { skippedKeys?: Iterable<string> } = {},
): DriftReconciliation {
  const skipped = new Set(options.skippedKeys ?? []);
  const byKey = new Map(findings.map((f) => [f.key, f]));
  const result: DriftReconciliation = { open: [], refresh: [], resolved: [], seen: [] };
  const differing = new Set<string>();
  for (const difference of differences) {
    differing.add(difference.key);
    const finding = byKey.get(difference.key);
    if (finding) {
      if (finding.status !== "open") continue;
      if (finding.observedValue === difference.observedValue && finding.recordedValue === difference.recordedValue) result.seen.push(finding.id);
      else result.refresh.push({ findingId: finding.id, difference });
      continue;
    }
    const wasDismissed = dismissed.some((d) => d.key === difference.key && d.observedValue === difference.observedValue && d.recordedValue === difference.recordedValue);
    if (!wasDismissed) result.open.push(difference);
  }
  for (const finding of findings) {
    if (finding.status === "open" && !differing.has(finding.key) && !skipped.has(finding.key)) result.resolved.push(finding.id);
  }
  return result;
}

/** The change that settles a finding: back to the recorded value, or keep what AWS has. */
export function driftSettlementChanges(finding: { key: string; recordedValue: string | null; observedValue: string | null }, mode: "revert" | "adopt"): TagChanges {
  return { [finding.key]: mode === "revert" ? finding.recordedValue : finding.observedValue };
}
