import { Badge } from "@/components/ui/badge";

export type ScaffoldState = "draft" | "pr_open" | "merged" | "closed" | "failed";

const look: Record<ScaffoldState, { tone: "neutral" | "brand" | "green" | "amber" | "red"; label: string }> = {
  draft: { tone: "neutral", label: "draft" },
  pr_open: { tone: "brand", label: "PR open" },
  merged: { tone: "green", label: "merged" },
  closed: { tone: "amber", label: "closed" },
  failed: { tone: "red", label: "failed" },
};

/** The state of a scaffold request, as a badge. */
export function ScaffoldStateBadge({ state }: { state: string }) {
  const entry = look[state as ScaffoldState] ?? { tone: "neutral" as const, label: state };
  return (
    <Badge tone={entry.tone}>
      <span data-testid="scaffold-state" data-state={state}>
        {entry.label}
      </span>
    </Badge>
  );
}
