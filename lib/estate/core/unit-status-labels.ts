// Zod-free, so that client components (the workload's units table) can show the labels.

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
