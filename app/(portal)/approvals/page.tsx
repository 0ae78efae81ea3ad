import { ApprovalCard } from "@/components/vending/approval-card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { getVendingDeps, listApprovals } from "@/lib/vending/server";
import { decideAccountSetAction } from "../accounts/actions";

export const metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const viewer = await requirePageViewer();
  const approvals = await listApprovals(getVendingDeps(), viewer, { pageSize: 50 });
  const admin = viewer.role === "admin";
  return (
    <>
      <PageHeader
        title="Approvals"
        description={
          admin
            ? "Account set requests waiting for a platform admin, oldest first. Never decide your own: another admin must."
            : "Platform admins approve or reject requests here. You see your own requests that are waiting."
        }
      />
      {approvals.rows.length === 0 ? (
        <EmptyState title="Nothing waiting for review">{admin ? "New account set requests appear here." : "You have no requests waiting for a decision."}</EmptyState>
      ) : (
        <div className="space-y-6">
          {approvals.rows.map((view) => (
            <ApprovalCard key={view.id} view={view} decide={decideAccountSetAction} />
          ))}
          {approvals.total > approvals.rows.length ? <p className="text-sm text-fg-muted">{approvals.total - approvals.rows.length} more wait; decide these first.</p> : null}
        </div>
      )}
    </>
  );
}
