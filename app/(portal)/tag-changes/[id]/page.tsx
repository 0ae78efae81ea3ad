import Link from "next/link";
import { notFound } from "next/navigation";
import { CancelTagChangeForm, RefreshWhile, RetryTagChangeButton } from "@/components/governance/tag-change-controls";
import { ChangesList, GovernanceStateBadge, originLabel } from "@/components/governance/tag-change-badges";
import { TagChangeDecision } from "@/components/governance/tag-change-decision";
import { TagChangeItems } from "@/components/governance/tag-change-items";
import { itemCounts } from "@/components/governance/tag-change-card";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/platform/format-date-time";
import { isAppError } from "@/lib/errors/app-error";
import { getGovernanceDeps, getTagChangeRequest, type TagChangeRequestView } from "@/lib/governance";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { cancelTagChangeAction, decideTagChangeAction, retryTagChangeAction } from "../actions";

export const metadata = { title: "Tag change" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function TagChangePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageViewer();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  let view: TagChangeRequestView;
  try {
    view = await getTagChangeRequest(getGovernanceDeps(), viewer, { id });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const admin = viewer.role === "admin";
  const own = view.requestedBy.id === viewer.id;
  const first = view.items[0];
  const where = view.items.length === 1 && first ? first.accountName : `${view.items.length} accounts`;
  const active = view.state === "approved" || view.state === "applying";
  const mayCancel = (own && view.state === "requested") || (admin && ["requested", "approved", "partially_failed", "failed"].includes(view.state));
  return (
    <>
      <PageHeader title={`${originLabel(view.origin, view.bulk)} of ${where}`} description={<span className="font-mono text-xs">{view.id}</span>} />
      <div className="space-y-6">
        <Card aria-labelledby="tc-summary">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="tc-summary" className="text-lg font-semibold">
              Request
            </h2>
            <GovernanceStateBadge state={view.state} testId="tag-change-state" />
          </div>
          <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-fg-muted">New values</dt>
              <dd className="mt-1">
                <ChangesList changes={view.changes} />
              </dd>
            </div>
            <div>
              <dt className="text-fg-muted">Requested by</dt>
              <dd>
                {view.requestedBy.name} on {formatDateTime(view.createdAt)}
              </dd>
            </div>
            <div className="sm:col-span-2">
              <dt className="text-fg-muted">Reason</dt>
              <dd data-testid="tag-change-reason">{view.reason}</dd>
            </div>
            {view.decidedBy ? (
              <div className="sm:col-span-2" data-testid="tag-change-decision">
                <dt className="text-fg-muted">Decision</dt>
                <dd>
                  {view.state === "rejected" ? "Rejected" : "Approved"} by {view.decidedBy.name}
                  {view.decidedAt ? ` on ${formatDateTime(view.decidedAt)}` : ""}: {view.decisionReason}
                </dd>
              </div>
            ) : null}
            <div className="sm:col-span-2">
              <dt className="text-fg-muted">Accounts</dt>
              <dd>{itemCounts(view)}</dd>
            </div>
          </dl>
          {view.failureMessage ? (
            <Alert tone="error" className="mt-3" title="Not every account took the change">
              {view.failureMessage}
            </Alert>
          ) : null}
          <div className="mt-3">
            <RefreshWhile active={active} />
          </div>
        </Card>

        {view.state === "requested" ? (
          <Card aria-labelledby="tc-decide">
            <h2 id="tc-decide" className="mb-3 text-lg font-semibold">
              Decide
            </h2>
            {admin && !own ? (
              <TagChangeDecision requestId={view.id} decide={decideTagChangeAction} />
            ) : (
              <p className="text-sm text-fg-muted" data-testid="decide-blocked">
                {own && admin ? "You asked for this change: another platform admin must decide it." : "Only platform admins can approve or reject tag changes, never their own."}
              </p>
            )}
          </Card>
        ) : null}

        {admin && (view.state === "failed" || view.state === "partially_failed") ? <RetryTagChangeButton requestId={view.id} retry={retryTagChangeAction} /> : null}

        <section aria-labelledby="tc-accounts">
          <h2 id="tc-accounts" className="mb-3 text-lg font-semibold">
            Accounts
          </h2>
          <TagChangeItems items={view.items} label="Accounts of this tag change and their status" />
        </section>

        {mayCancel ? <CancelTagChangeForm requestId={view.id} cancel={cancelTagChangeAction} /> : null}
        <p className="text-sm">
          <Link href="/approvals" className="underline">
            Back to approvals
          </Link>
        </p>
      </div>
    </>
  );
}
