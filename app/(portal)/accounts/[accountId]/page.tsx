import Link from "next/link";
import { notFound } from "next/navigation";
import { TagChangeCard } from "@/components/governance/tag-change-card";
import { TagChangeForm } from "@/components/governance/tag-change-form";
import { GovernanceStateBadge } from "@/components/governance/tag-change-badges";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { TableHead } from "@/components/ui/table-head";
import { formatDateTime } from "@/lib/platform/format-date-time";
import { isAppError } from "@/lib/errors/app-error";
import { getAccountGovernance, getGovernanceDeps, type AccountGovernanceView } from "@/lib/governance";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { requestTagChangeAction } from "../../tag-changes/actions";

export const metadata = { title: "Account" };

const cell = "px-3 py-2 align-top";

export default async function AccountPage({ params }: { params: Promise<{ accountId: string }> }) {
  const viewer = await requirePageViewer();
  const { accountId } = await params;
  if (!/^\d{12}$/.test(accountId)) notFound();
  let view: AccountGovernanceView;
  try {
    view = await getAccountGovernance(getGovernanceDeps(), viewer, accountId);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const { account } = view;
  const keys = [...new Set([...view.keys.map((k) => k.key), ...Object.keys(account.tags), ...Object.keys(account.observedTags ?? {})])];
  return (
    <>
      <PageHeader
        title={account.name}
        description={
          <span>
            AWS account <span className="font-mono">{account.awsAccountId}</span>
            {account.workloadSlug ? (
              <>
                {" "}
                of{" "}
                <Link href={`/workloads/${account.workloadSlug}`} className="underline">
                  {account.workloadSlug}
                </Link>
              </>
            ) : null}
            {account.env ? ` (${account.env})` : ""}
          </span>
        }
        actions={account.state !== "ACTIVE" ? <Badge tone="amber">{account.state.toLowerCase()}</Badge> : undefined}
      />
      <div className="space-y-8">
        <section aria-labelledby="tags-heading">
          <h2 id="tags-heading" className="mb-1 text-lg font-semibold">
            Tags
          </h2>
          <p className="mb-3 text-sm text-fg-muted">
            Recorded: what the portal set or adopted (tag policy version {view.policyVersion}). In AWS: what Organizations reported last
            {account.lastSeenAt ? `, ${formatDateTime(account.lastSeenAt)}` : ""}.
          </p>
          <Table label="Tags of this account" data-testid="account-tags">
            <TableHead columns={["Key", "Recorded", "In AWS"]} cellClassName={`${cell} font-medium`} className="bg-sunken" />
            <tbody className="divide-y divide-line">
              {keys.map((key) => {
                const recorded = account.tags[key] ?? null;
                const observed = account.observedTags ? (account.observedTags[key] ?? null) : undefined;
                const differs = observed !== undefined && observed !== recorded;
                return (
                  <tr key={key} data-testid="account-tag" data-key={key}>
                    <th scope="row" className={`${cell} font-mono text-xs font-medium`}>
                      {key}
                    </th>
                    <td className={`${cell} font-mono text-xs`} data-testid="recorded-value">
                      {recorded ?? <span className="text-fg-subtle">none</span>}
                    </td>
                    <td className={`${cell} font-mono text-xs`}>
                      {observed === undefined ? <span className="text-fg-subtle">not read yet</span> : (observed ?? <span className="text-fg-subtle">none</span>)}
                      {differs ? (
                        <Badge tone="amber" className="ml-2">
                          differs
                        </Badge>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </section>

        {view.drift.length > 0 ? (
          <Alert tone="warning" title="Drift found" data-testid="account-drift">
            <ul className="mt-1 list-disc pl-5">
              {view.drift.map((f) => (
                <li key={f.id}>
                  {f.tagKey}: recorded {f.recordedValue ?? "(none)"}, AWS has {f.observedValue ?? "(none)"} <GovernanceStateBadge state={f.status} />
                </li>
              ))}
            </ul>
            <Link href="/admin/drift" className="mt-1 inline-block font-medium underline">
              Settle drift findings
            </Link>
          </Alert>
        ) : null}

        <Card>
          {view.mayRequest ? (
            <TagChangeForm awsAccountId={account.awsAccountId} accountName={account.name} keys={view.keys} tags={account.tags} request={requestTagChangeAction} />
          ) : (
            <div data-testid="tag-change-unavailable">
              <h2 className="text-lg font-semibold">Request a tag change</h2>
              <p className="mt-1 text-sm text-fg-muted">{view.mayRequestReason}</p>
            </div>
          )}
        </Card>

        <section aria-labelledby="changes-heading">
          <h2 id="changes-heading" className="mb-3 text-lg font-semibold">
            Tag changes
          </h2>
          {view.requests.length === 0 ? (
            <EmptyState title="No tag changes yet">Changes of this account&apos;s mandatory tags, requested, approved and applied, appear here.</EmptyState>
          ) : (
            <div className="space-y-4">
              {view.requests.map((r) => (
                <TagChangeCard key={r.id} view={r} />
              ))}
            </div>
          )}
        </section>
      </div>
    </>
  );
}
