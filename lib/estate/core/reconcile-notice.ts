import { isNoticeSatisfied, type ComputedNotice, type VersionState } from "./compute-notices";

/** The parts of a stored open notice that reconciling compares. */
export type OpenNotice = Pick<ComputedNotice, "kind" | "fromVersion" | "requiredVersion" | "targetVersion" | "dueAt" | "severity">;

export type NoticeChange =
  | { action: "none" }
  | { action: "open"; notice: ComputedNotice }
  /** The open notice changes in place (kind, requirement, target or due date). */
  | { action: "update"; notice: ComputedNotice; tightened: boolean }
  /** The open notice resolves; a different one may follow at once (e.g. a fix reached, a major upgrade still due). */
  | { action: "resolve"; reason: "satisfied" | "no_longer_applies"; next: ComputedNotice | null };

export interface ReconcileNoticeOptions {
  existing: OpenNotice | null;
  /** `computeNotices(...).notice` for the unit's version now. */
  computed: ComputedNotice | null;
  /** The version the unit runs now. */
  version: string;
  versions: readonly VersionState[];
  /**
   * While a notice stays open its due date only moves earlier. Pass true when the change comes
   * from an admin lifting a flag or relaxing the policy, which may move it later.
   */
  allowLaterDue?: boolean;
}

/**
 * What to do with a unit's stored notice after a scan, a merge, a new version or a flag:
 * resolve it when the unit's version meets it (or nothing is asked of the unit any more),
 * otherwise open, update or keep it. Never loosens an open notice's due date unless told to.
 */
export function reconcileNotice({ existing, computed, version, versions, allowLaterDue = false }: ReconcileNoticeOptions): NoticeChange {
  if (!existing) return computed ? { action: "open", notice: computed } : { action: "none" };
  if (isNoticeSatisfied(existing, version, versions)) return { action: "resolve", reason: "satisfied", next: computed };
  if (!computed) return { action: "resolve", reason: "no_longer_applies", next: null };
  const dueAt = allowLaterDue || computed.dueAt.getTime() < existing.dueAt.getTime() ? computed.dueAt : existing.dueAt;
  const notice = { ...computed, dueAt };
  const unchanged =
    existing.kind === notice.kind &&
    existing.fromVersion === notice.fromVersion &&
    existing.requiredVersion === notice.requiredVersion &&
    existing.targetVersion === notice.targetVersion &&
    existing.severity === notice.severity &&
    existing.dueAt.getTime() === dueAt.getTime();
  if (unchanged) return { action: "none" };
  return { action: "update", notice, tightened: dueAt.getTime() < existing.dueAt.getTime() };
}
