import Link from "next/link";
import { AuditLog } from "@/components/admin/audit-log";
import { QueryProvider } from "@/components/shell/query-provider";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { listPeople } from "@/lib/platform/auth/list-people";
import { listAuditEvents } from "@/lib/platform/list-audit-events";

export const metadata = { title: "Admin" };

export default async function AdminPage() {
  await requirePageViewer({ role: "admin" });
  const [audit, people] = await Promise.all([listAuditEvents({ limit: 25 }), listPeople()]);
  const initial = {
    nextCursor: audit.nextCursor,
    events: audit.events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
  return (
    <>
      <PageHeader title="Admin" description="Platform administration: the audit trail and who holds which role." />
      <Card className="mb-8 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm">Module catalogue sources: sync status, errors, re-sync, and version deprecation.</p>
        <Link href="/admin/catalogue" className={buttonClasses("secondary")}>Catalogue sources</Link>
      </Card>
      <section aria-labelledby="audit-heading" className="mb-8">
        <h2 id="audit-heading" className="mb-3 text-lg font-semibold">Audit log</h2>
        <QueryProvider>
          <AuditLog initial={initial} />
        </QueryProvider>
      </section>
      <section aria-labelledby="people-heading">
        <h2 id="people-heading" className="mb-3 text-lg font-semibold">People</h2>
        <Card className="p-0">
          <ul className="divide-y divide-line text-sm">
            {people.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                <span>
                  <span className="font-medium">{p.name}</span> <span className="text-fg-subtle">@{p.username}</span>
                </span>
                <span className="font-mono text-xs">{p.roles.length > 0 ? p.roles.join(", ") : "builder (no workload)"}</span>
              </li>
            ))}
          </ul>
        </Card>
      </section>
    </>
  );
}
