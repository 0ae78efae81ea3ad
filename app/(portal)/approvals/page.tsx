import { RetryTagChangeButton } from "@/components/governance/tag-change-controls";
import { TagChangeCard } from "@/components/governance/tag-change-card";
import { TagChangeDecision } from "@/components/governance/tag-change-decision";
import { TagChangeItems } from "@/components/governance/tag-change-items";
import { ApprovalCard } from "@/components/vending/approval-card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getGovernanceDeps, listTagChangeApprovals } from "@/lib/governance";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { getVendingDeps, listApprovals } from "@/lib/vending/server";
import { decideAccountSetAction } from "../accounts/actions";
import { decideTagChangeAction, retryTagChangeAction } from "../tag-changes/actions";

export const metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const viewer = await requirePageViewer();
  const [approvals, tagChanges] = await Promise.all([listApprovals(getVendingDeps(), viewer, { pageSize: 50 }), listTagChangeApprovals(getGovernanceDeps(), viewer)]);
  const admin = viewer.role === "admin";
  return (
    <>
      <PageHeader
        title="Approvals"
        description={
          admin
            ? "Account set requests and tag changes waiting for a platform admin, oldest first. Never decide your own: another admin must."
            : "Platform admins approve or reject requests here. You see your own requests that are waiting."
        }
      />
      <section aria-labelledby="account-sets-heading" className="mb-10">
        <h2 id="account-sets-heading" className="mb-3 text-lg font-semibold">
          Account sets
        </h2>
        {approvals.rows.length === 0 ? (
          <EmptyState title="No account sets waiting for review">{admin ? "New account set requests appear here." : "You have no account set requests waiting for a decision."}</EmptyState>
        ) : (
          <div className="space-y-6">
            {approvals.rows.map((view) => (
              <ApprovalCard key={view.id} view={view} decide={decideAccountSetAction} />
            ))}
            {approvals.total > approvals.rows.length ? <p className="text-sm text-fg-muted">{approvals.total - approvals.rows.length} more wait; decide these first.</p> : null}
          </div>
        )}
      </section>

      <section aria-labelledby="tag-changes-heading" className="mb-10">
        <h2 id="tag-changes-heading" className="mb-3 text-lg font-semibold">
          Tag changes
        </h2>
        {tagChanges.waiting.length === 0 ? (
          <EmptyState title="No tag changes waiting for review">{admin ? "Leads' tag change requests, bulk changes and drift adoptions appear here." : "You have no tag changes waiting for a decision."}</EmptyState>
        ) : (
          <div className="space-y-6">
            {tagChanges.waiting.map((view) => (
              <TagChangeCard key={view.id} view={view}>
                {admin && view.requestedBy.id !== viewer.id ? (
                  <TagChangeDecision requestId={view.id} decide={decideTagChangeAction} />
                ) : (
                  <p className="text-sm text-fg-muted" data-testid="decide-blocked">
                    {admin ? "You asked for this change: another platform admin must decide it." : "Only platform admins can approve or reject tag changes."}
                  </p>
                )}
              </TagChangeCard>
            ))}
            {tagChanges.waitingTotal > tagChanges.waiting.length ? <p className="text-sm text-fg-muted">{tagChanges.waitingTotal - tagChanges.waiting.length} more wait.</p> : null}
          </div>
        )}
      </section>

      {admin ? (
        <section aria-labelledby="in-flight-heading">
          <h2 id="in-flight-heading" className="mb-1 text-lg font-semibold">
            Tag changes under way or failed
          </h2>
          <p className="mb-3 text-sm text-fg-muted">Approved changes are applied per account at the AWS call rate; failed accounts can be retried.</p>
          {tagChanges.inFlight.length === 0 ? (
            <EmptyState title="Nothing under way">Every approved tag change has been applied.</EmptyState>
          ) : (
            <div className="space-y-6">
              {tagChanges.inFlight.map((view) => (
                <TagChangeCard key={view.id} view={view}>
                  {view.bulk ? <TagChangeItems items={view.items} label={`Accounts of the tag change ${view.id}`} /> : null}
                  {view.state === "failed" || view.state === "partially_failed" ? (
                    <div className="mt-3">
                      <RetryTagChangeButton requestId={view.id} retry={retryTagChangeAction} />
                    </div>
                  ) : null}
                </TagChangeCard>
              ))}
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}
