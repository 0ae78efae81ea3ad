import Link from "next/link";
import { BulkTagChangeForm, PolicyFixForm } from "@/components/governance/bulk-forms";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { TableHead } from "@/components/ui/table-head";
import { getGovernanceAdmin, getGovernanceDeps } from "@/lib/governance";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { getWorkloadsDeps, listWorkloads } from "@/lib/workloads";
import { requestTagChangeAction } from "../../tag-changes/actions";
import { requestPolicyFixAction } from "./actions";

export const metadata = { title: "Governance" };

const cell = "px-3 py-2 align-top";

export default async function GovernanceAdminPage() {
  const viewer = await requirePageViewer({ role: "admin" });
  const [view, workloads] = await Promise.all([getGovernanceAdmin(getGovernanceDeps(), viewer), listWorkloads(getWorkloadsDeps(), viewer)]);
  return (
    <>
      <PageHeader
        title="Governance"
        description="Mandatory tags change only through approved requests. Raise a bulk change, and bring accounts back into the tag policy after it changed."
        actions={
          <span className="flex flex-wrap gap-3 text-sm">
            <Link href="/admin/drift" className="underline">
              Drift findings
            </Link>
            <Link href="/admin/audit/verify" className="underline">
              Verify the audit log
            </Link>
          </span>
        }
      />
      <div className="space-y-8">
        <section aria-labelledby="non-compliant-heading">
          <h2 id="non-compliant-heading" className="mb-1 text-lg font-semibold">
            Accounts that break tag policy version {view.policyVersion}
          </h2>
          <p className="mb-3 text-sm text-fg-muted">
            After a required key is added or allowed values are tightened (
            <Link href="/admin/vending" className="underline">
              Admin → Vending
            </Link>
            ), the active accounts whose recorded tags no longer comply.
          </p>
          {view.nonCompliant.length === 0 ? (
            <EmptyState title="Every active account complies">Nothing to fix under the policy in force.</EmptyState>
          ) : (
            <div className="space-y-4">
              <Table label="Accounts that break the tag policy" data-testid="non-compliant">
                <TableHead columns={["Account", "Workload", "What is wrong"]} cellClassName={`${cell} font-medium`} className="bg-sunken" />
                <tbody className="divide-y divide-line">
                  {view.nonCompliant.map((a) => (
                    <tr key={a.accountId} data-testid="non-compliant-account">
                      <td className={cell}>
                        <Link prefetch={false} href={`/accounts/${a.awsAccountId}`} className="underline">
                          {a.name}
                        </Link>
                        <div className="font-mono text-xs text-fg-subtle">{a.awsAccountId}</div>
                      </td>
                      <td className={cell}>{a.workloadSlug ?? <span className="text-fg-subtle">none</span>}</td>
                      <td className={cell}>
                        <ul className="space-y-0.5 text-xs">
                          {a.violations.map((v) => (
                            <li key={v.key}>
                              <span className="font-mono">{v.key}</span>: {v.problem}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
              <Card>
                <PolicyFixForm keys={view.keys} policyVersion={view.policyVersion} fix={requestPolicyFixAction} />
              </Card>
            </div>
          )}
        </section>
        <Card>
          <BulkTagChangeForm keys={view.keys} workloads={workloads.map((w) => ({ slug: w.slug, name: w.name }))} request={requestTagChangeAction} />
        </Card>
      </div>
    </>
  );
}
