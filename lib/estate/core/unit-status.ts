import type { NoticeKind } from "./compute-notices";
import { DAY_MS } from "./notice-policy";
import type { UnitStatus } from "./unit-status-labels";

export { UNIT_STATUS_LABELS, type UnitStatus } from "./unit-status-labels";

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
