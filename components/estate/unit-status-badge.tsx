import { Badge } from "@/components/ui/badge";
import { UNIT_STATUS_LABELS, type UnitStatus } from "@/lib/estate/core/unit-status-labels";

const tones: Record<UnitStatus, "neutral" | "brand" | "green" | "amber" | "red"> = {
  current: "green",
  update_available: "brand",
  due: "amber",
  overdue: "red",
  vulnerable: "red",
  unversioned: "neutral",
  bring_your_own: "neutral",
};

export function UnitStatusBadge({ status }: { status: UnitStatus }) {
  return <Badge tone={tones[status]}>{UNIT_STATUS_LABELS[status]}</Badge>;
}
