import Link from "next/link";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/lib/platform/format-date-time";
import type { TagChangeRequestView } from "@/lib/governance/governance-views";
import { ChangesList, GovernanceStateBadge, originLabel } from "./tag-change-badges";

/** Items per status, e.g. "2 verified · 1 failed". */
export function itemCounts(view: TagChangeRequestView): string {
  return Object.entries(view.counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(" · ");
}

/** A tag change request in a list: what changes where, who asked and why, its state, and `children` (decision, retry). */
export function TagChangeCard({ view, children }: { view: TagChangeRequestView; children?: React.ReactNode }) {
  const first = view.items[0];
  const where = view.items.length === 1 && first ? first.accountName : `${view.items.length} accounts`;
  return (
    <Card data-testid="tag-change" data-id={view.id} aria-labelledby={`tc-${view.id}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 id={`tc-${view.id}`} className="text-base font-semibold">
          <Link prefetch={false} href={`/tag-changes/${view.id}`} className="underline">
            {originLabel(view.origin, view.bulk)} of {where}
          </Link>
        </h3>
        <GovernanceStateBadge state={view.state} />
      </div>
      <div className="mt-2">
        <ChangesList changes={view.changes} />
      </div>
      <p className="mt-2 text-sm">
        <span className="text-fg-muted">Requested by</span> {view.requestedBy.name} <span className="text-fg-muted">on {formatDateTime(view.createdAt)}:</span> {view.reason}
      </p>
      {view.items.length > 1 || view.state !== "requested" ? <p className="mt-1 text-xs text-fg-muted">{itemCounts(view)}</p> : null}
      {view.failureMessage ? <p className="mt-1 text-sm text-danger">{view.failureMessage}</p> : null}
      {children ? <div className="mt-4">{children}</div> : null}
    </Card>
  );
}
