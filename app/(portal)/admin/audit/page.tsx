import Link from "next/link";
import { AuditFilters } from "@/components/admin/audit-filters";
import { AuditPager } from "@/components/admin/audit-pager";
import { AuditTable } from "@/components/admin/audit-table";
import { PageHeader } from "@/components/ui/page-header";
import { listSubjectTypes } from "@/lib/platform/audit/audit-subjects";
import { auditViewHref, parseAuditViewParams, type SearchParams } from "@/lib/platform/audit/audit-page-params";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { listAuditEvents } from "@/lib/platform/list-audit-events";

export const metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const PATH = "/admin/audit";

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageViewer({ role: "admin" });
  const view = parseAuditViewParams(await searchParams);
  const page = view.error ? null : await listAuditEvents({ filter: view.filter, older: view.older, newer: view.newer, limit: 50 });
  const exportHref = auditViewHref("/api/audit/export", view.filter);
  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          <>
            Every state change and approval, newest first: who, when, what and the request it came from. The log is
            append-only; nothing here can change it, and each row is hash-chained to the one before (<Link href="/admin/audit/verify" className="underline">verify the chain</Link>). Times are UTC. <Link href="/admin" className="underline">Back to admin</Link>
          </>
        }
      />
      <AuditFilters action={PATH} filter={view.filter} subjectTypes={listSubjectTypes()} exportHref={exportHref} />
      {view.error ? (
        <p role="alert" className="mb-4 rounded-md bg-danger-soft p-3 text-sm text-danger">
          These filters cannot be used: {view.error}
        </p>
      ) : null}
      <AuditTable
        events={page?.events ?? []}
        caption="Audit log, newest first"
        links={{ filterHref: (extra) => auditViewHref(PATH, view.filter, extra), detailHref: (id) => `${PATH}/${id}` }}
      />
      <AuditPager
        newerHref={page?.newerCursor ? auditViewHref(PATH, view.filter, { newer: page.newerCursor }) : null}
        olderHref={page?.olderCursor ? auditViewHref(PATH, view.filter, { older: page.olderCursor }) : null}
      />
    </>
  );
}
