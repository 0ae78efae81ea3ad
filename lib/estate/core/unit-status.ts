import type { NoticeKind } from "./compute-notices";
import { DAY_MS } from "./notice-policy";

export type UnitStatus = "current" | "update_available" | "due" | "overdue" | "vulnerable" | "unversioned" | "bring_your_own";

export const UNIT_STATUS_LABELS: Record<UnitStatus, string> = {
  current: "Current",
  update_available: "Update available",
  due: "Due soon",
  overdue: "Overdue",
  vulnerable: "Vulnerable",
  unversioned: "Version unknown",
  bring_your_own: "Bring your own",
};

/**
 * A unit's status on the workload page and in the estate: vulnerable whenever its version is
 * (whatever the due date), else by its open notice's due date: overdue once past it, due within
 * `dueSoonDays`, update available before that; current with no notice. Units off the catalogue
 * are bring-your-own; catalogue modules at a version the portal cannot name are unversioned.
 */
export function unitStatusOf(
  unit: { match: string; version: { status: string } | null; notice: { kind: NoticeKind; dueAt: Date } | null },
  now: Date,
  dueSoonDays: number,
): UnitStatus {
  if (unit.match === "bring_your_own") return "bring_your_own";
  if (!unit.version) return "unversioned";
  if (unit.version.status === "vulnerable" || unit.notice?.kind === "vulnerable") return "vulnerable";
  if (!unit.notice) return "current";
  const left = unit.notice.dueAt.getTime() - now.getTime();
  if (left < 0) return "overdue";
  return left <= dueSoonDays * DAY_MS ? "due" : "update_available";
}
