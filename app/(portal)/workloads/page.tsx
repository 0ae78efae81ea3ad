import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { roleAtLeast } from "@/lib/platform/auth/roles";
import { getWorkloadsDeps, listWorkloads } from "@/lib/workloads";

export const metadata = { title: "Workloads" };

export default async function WorkloadsPage() {
  const viewer = await requirePageViewer();
  const workloads = await listWorkloads(getWorkloadsDeps(), viewer);
  return (
    <>
      <PageHeader
        title="Workloads"
        description="Each workload owns one consumer repo that spans its dev, stage and prod accounts."
        actions={
          roleAtLeast(viewer.role, "lead") ? (
            <Link href="/workloads/new" className={buttonClasses("primary")}>
              Register workload
            </Link>
          ) : undefined
        }
      />
      {workloads.length === 0 ? (
        <EmptyState title="No workloads yet">Platform admins and team leads register workloads and link their consumer repos.</EmptyState>
      ) : (
        <Table label="Workloads">
            <thead className="border-b border-line text-xs text-fg-subtle uppercase">
              <tr>
                <th scope="col" className="px-4 py-3">Workload</th>
                <th scope="col" className="px-4 py-3">Team</th>
                <th scope="col" className="px-4 py-3">Consumer repo</th>
                <th scope="col" className="px-4 py-3">Your role</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {workloads.map((w) => (
                <tr key={w.slug}>
                  <th scope="row" className="px-4 py-3 font-medium">
                    <Link prefetch={false} href={`/workloads/${w.slug}`} className="underline decoration-line-strong underline-offset-2 hover:decoration-focus">
                      {w.name}
                    </Link>
                    <span className="block text-xs font-normal text-fg-subtle">{w.description}</span>
                  </th>
                  <td className="px-4 py-3">{w.team}</td>
                  <td className="px-4 py-3 font-mono text-xs">{w.consumerRepo ?? "not linked"}</td>
                  <td className="px-4 py-3">
                    {w.yourRole ? (
                      <span className="inline-flex flex-wrap items-center gap-1" data-testid="your-role">
                        <Badge tone="brand">{w.yourRole}</Badge>
                        {w.yourRoleSource === "manual" ? (
                          <Badge tone="neutral">
                            <span title="Granted in the portal (when the workload was registered), not by an IdP group">manual</span>
                          </Badge>
                        ) : null}
                      </span>
                    ) : (
                      <span className="text-fg-subtle">–</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
        </Table>
      )}
    </>
  );
}
