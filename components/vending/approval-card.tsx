import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { ActionResult } from "@/lib/platform/http/define-action";
import type { AccountSetView } from "@/lib/vending/vending-views";
import { WarningList } from "./account-set-status";
import { DecisionForm } from "@/components/shared/decision-form";
import { accountSetDecisionLabels } from "./decision-labels";
import { formatDateTime } from "@/lib/platform/format-date-time";
import { SetAccounts } from "./set-accounts";

/**
 * One request in the approvals queue, in full: who asked for which workload and why, the
 * computed names, emails, OUs and tags, the warnings, and the decision (or why the viewer
 * cannot make it: the requester never can).
 */
export function ApprovalCard({ view, decide }: { view: AccountSetView; decide: (input: { id: string; decision: "approve" | "reject"; reason: string }) => Promise<ActionResult<unknown>> }) {
  const headingId = `approval-${view.id}`;
  return (
    <Card aria-labelledby={headingId} className="space-y-4" data-testid="approval">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold">
          <Link prefetch={false} href={`/accounts/requests/${view.id}`} className="underline">
            {view.workload.name}
          </Link>{" "}
          <span className="font-mono text-xs text-fg-subtle">({view.workload.slug})</span>
          {view.workload.isNew ? <span className="ml-2 text-sm font-normal text-fg-muted">new workload</span> : null}
        </h2>
        <p className="text-xs text-fg-subtle">
          Requested by {view.requestedBy}, <time dateTime={view.createdAt}>{formatDateTime(view.createdAt)}</time> · tier {view.tier} · tag policy v{view.tagPolicyVersion}
        </p>
      </div>
      {view.reason ? <p className="text-sm">{view.reason}</p> : null}
      <SetAccounts accounts={view.accounts} progress={false} />
      <WarningList warnings={view.warnings} />
      {view.canDecide ? (
        <DecisionForm requestId={view.id} decide={decide} labels={accountSetDecisionLabels} />
      ) : (
        <p className="text-sm text-fg-muted" data-testid="decide-blocked">
          {view.decideBlockedReason}
        </p>
      )}
    </Card>
  );
}
