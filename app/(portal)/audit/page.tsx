import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditFilters } from "@/components/admin/audit-filters";
import { AuditPager } from "@/components/admin/audit-pager";
import { AuditTable } from "@/components/admin/audit-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AppError } from "@/lib/errors/app-error";
import { auditViewHref, parseAuditViewParams, type SearchParams } from "@/lib/platform/audit/audit-page-params";
import { listSubjectTypes } from "@/lib/platform/audit/audit-subjects";
import { workloadAuditScope } from "@/lib/platform/audit/workload-audit-scope";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { listAuditEvents } from "@/lib/platform/list-audit-events";

export const metadata = { title: "Audit trail" };
export const dynamic = "force-dynamic";

const PATH = "/audit";

/**
 * A workload's audit trail for its leads (and admins), `/audit?workload=<slug>`: only rows whose
 * subject belongs to the workload. Builders, and leads of other workloads, get 403 before
 * anything is read. It lives here rather than under /workloads/<slug>, whose loading boundary
 * would turn that 403 into a 200.
 */
export default async function AuditTrailPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const slug = typeof params.workload === "string" ? params.workload : undefined;
  if (!slug) {
    const viewer = await requirePageViewer({ role: "lead" });
    const led = viewer.workloads.filter((w) => w.role === "lead");
    return (
      <>
        <PageHeader title="Audit trail" description="The recorded changes to a workload you lead: its members, accounts, account requests and scaffold requests." />
        {led.length === 0 ? (
          <EmptyState title="No workload to show">
            {viewer.role === "admin" ? (
              <>
                Admins see everything in the <Link href="/admin/audit" className="underline">audit log</Link>.
              </>
            ) : (
              "You lead no workload."
            )}
          </EmptyState>
        ) : (
          <ul className="list-disc pl-6 text-sm">
            {led.map((w) => (
              <li key={w.slug}>
                <Link prefetch={false} href={`${PATH}?workload=${encodeURIComponent(w.slug)}`} className="underline">
                  {w.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  await requirePageViewer({ role: "lead", workload: slug });
  const { scope, workload } = await workloadAuditScope(slug).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const fixed = { workload: workload.slug };
  const view = parseAuditViewParams(params);
  const page = view.error ? null : await listAuditEvents({ filter: view.filter, scope, older: view.older, newer: view.newer, limit: 50 });
  const href = (extra: Record<string, string>) => auditViewHref(PATH, view.filter, { ...fixed, ...extra });
  return (
    <>
      <PageHeader
        title={`Audit trail: ${workload.name}`}
        description={
          <>
            Every recorded change to this workload, its members, accounts, account requests and scaffold requests, newest first.
            Times are UTC.{" "}
            <Link href={`/workloads/${encodeURIComponent(workload.slug)}`} className="underline">
              Back to the workload
            </Link>
          </>
        }
      />
      <AuditFilters action={PATH} filter={view.filter} subjectTypes={listSubjectTypes({ workloadScoped: true })} fixed={fixed} />
      {view.error ? (
        <p role="alert" className="mb-4 rounded-md bg-danger-soft p-3 text-sm text-danger">
          These filters cannot be used: {view.error}
        </p>
      ) : null}
      <AuditTable events={page?.events ?? []} caption={`Audit trail of ${workload.name}, newest first`} links={{ filterHref: href, detailHref: null }} />
      <AuditPager newerHref={page?.newerCursor ? href({ newer: page.newerCursor }) : null} olderHref={page?.olderCursor ? href({ older: page.olderCursor }) : null} />
    </>
  );
}
