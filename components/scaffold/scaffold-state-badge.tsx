import { Badge } from "@/components/ui/badge";
import type { ScaffoldState } from "@/lib/scaffold";

const look: Record<ScaffoldState, { tone: "neutral" | "brand" | "green" | "amber" | "red"; label: string }> = {
  draft: { tone: "neutral", label: "draft" },
  pr_open: { tone: "brand", label: "PR open" },
  merged: { tone: "green", label: "merged" },
  closed: { tone: "amber", label: "closed" },
  failed: { tone: "red", label: "failed" },
};

/** The state of a scaffold request, as a badge. */
export function ScaffoldStateBadge({ state }: { state: ScaffoldState }) {
  const entry = look[state];
  return (
    <Badge tone={entry.tone}>
      <span data-testid="scaffold-state" data-state={state}>
        {entry.label}
      </span>
    </Badge>
  );
}
