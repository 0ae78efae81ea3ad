import { Badge } from "@/components/ui/badge";

type Tone = "neutral" | "brand" | "green" | "amber" | "red";

const stateTones: Record<string, Tone> = {
  requested: "amber",
  approved: "brand",
  applying: "brand",
  applied: "green",
  partially_failed: "red",
  failed: "red",
  rejected: "neutral",
  cancelled: "neutral",
  pending: "neutral",
  verified: "green",
  open: "amber",
  reverting: "brand",
  reverted: "green",
  adopting: "brand",
  adopted: "green",
  dismissed: "neutral",
};

/** A tag change request's, an account's or a drift finding's state, in words and colour. */
export function GovernanceStateBadge({ state, testId }: { state: string; testId?: string }) {
  return (
    <span data-testid={testId} data-state={state}>
      <Badge tone={stateTones[state] ?? "neutral"}>{state.replace("_", " ")}</Badge>
    </span>
  );
}

const originLabels: Record<string, string> = { request: "Tag change", policy_fix: "Policy fix", drift_revert: "Drift revert", drift_adopt: "Drift adoption" };

export function originLabel(origin: string, bulk: boolean): string {
  return `${bulk ? "Bulk " : ""}${(originLabels[origin] ?? origin).toLowerCase().replace(/^./, (c) => (bulk ? c : c.toUpperCase()))}`;
}

/** `{CostCode: "CC-2000", Team: null}` as "CostCode → CC-2000, Team removed". */
export function ChangesList({ changes, before }: { changes: Record<string, string | null>; before?: Record<string, string | null> }) {
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Changes">
      {Object.entries(changes).map(([key, value]) => (
        <li key={key} className="rounded bg-tint px-1.5 py-0.5 font-mono text-xs">
          {key}
          {before && before[key] !== undefined ? <span className="text-fg-muted"> {before[key] ?? "(none)"}</span> : null} → {value ?? "(removed)"}
        </li>
      ))}
    </ul>
  );
}
