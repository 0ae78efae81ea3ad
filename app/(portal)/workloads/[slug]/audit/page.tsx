import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditFilters } from "@/components/admin/audit-filters";
import { AuditPager } from "@/components/admin/audit-pager";
import { AuditTable } from "@/components/admin/audit-table";
import { PageHeader } from "@/components/ui/page-header";
import { AppError } from "@/lib/errors/app-error";
import { listSubjectTypes } from "@/lib/platform/audit/audit-subjects";
import { auditViewHref, parseAuditViewParams, type SearchParams } from "@/lib/platform/audit/audit-page-params";
import { workloadAuditScope } from "@/lib/platform/audit/workload-audit-scope";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { listAuditEvents } from "@/lib/platform/list-audit-events";

export const metadata = { title: "Workload audit trail" };
export const dynamic = "force-dynamic";

/**
 * A workload's audit trail for its leads (and admins): only rows whose subject belongs to the
 * workload. Builders, and leads of other workloads, get 403 before anything is read.
 */
export default async function WorkloadAuditPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> }) {
  const { slug } = await params;
  await requirePageViewer({ role: "lead", workload: slug });
  const { scope, workload } = await workloadAuditScope(slug).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const path = `/workloads/${encodeURIComponent(workload.slug)}/audit`;
  const view = parseAuditViewParams(await searchParams);
  const page = view.error ? null : await listAuditEvents({ filter: view.filter, scope, older: view.older, newer: view.newer, limit: 50 });
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
      <AuditFilters action={path} filter={view.filter} subjectTypes={listSubjectTypes({ workloadScoped: true })} />
      {view.error ? (
        <p role="alert" className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-900/30 dark:text-red-200">
          These filters cannot be used: {view.error}
        </p>
      ) : null}
      <AuditTable
        events={page?.events ?? []}
        caption={`Audit trail of ${workload.name}, newest first`}
        links={{ filterHref: (extra) => auditViewHref(path, view.filter, extra), detailHref: null }}
      />
      <AuditPager
        newerHref={page?.newerCursor ? auditViewHref(path, view.filter, { newer: page.newerCursor }) : null}
        olderHref={page?.olderCursor ? auditViewHref(path, view.filter, { older: page.olderCursor }) : null}
      />
    </>
  );
}
