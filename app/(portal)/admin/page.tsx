import Link from "next/link";
import { AuditTable } from "@/components/admin/audit-table";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { auditViewHref } from "@/lib/platform/audit/audit-page-params";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { listPeople } from "@/lib/platform/auth/list-people";
import { listAuditEvents } from "@/lib/platform/list-audit-events";

export const metadata = { title: "Admin" };

export default async function AdminPage() {
  await requirePageViewer({ role: "admin" });
  const [audit, people] = await Promise.all([listAuditEvents({ limit: 10 }), listPeople()]);
  return (
    <>
      <PageHeader title="Admin" description="Platform administration: the audit trail and who holds which role." />
      <Card className="mb-8 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm">Module catalogue sources: sync status, errors, re-sync, and version deprecation.</p>
        <Link href="/admin/catalogue" className={buttonClasses("secondary")}>Catalogue sources</Link>
      </Card>
      <Card className="mb-8 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm">Account vending: the mandatory-tag policy, naming patterns, default OUs, tiers and repos.</p>
        <Link href="/admin/vending" className={buttonClasses("secondary")}>Vending</Link>
      </Card>
      <Card className="mb-8 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm">Estate: how many days consumers have to update a module version, and the chat webhook for overdue notices.</p>
        <Link href="/admin/estate" className={buttonClasses("secondary")}>Estate policy</Link>
      </Card>
      <Card className="mb-8 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm">Governance: bulk tag changes, accounts that break the tag policy, drift found in AWS, and the audit log&apos;s hash chain.</p>
        <span className="flex flex-wrap gap-2">
          <Link href="/admin/governance" className={buttonClasses("secondary")}>Governance</Link>
          <Link href="/admin/drift" className={buttonClasses("secondary")}>Drift</Link>
          <Link href="/admin/audit/verify" className={buttonClasses("secondary")}>Verify the audit log</Link>
        </span>
      </Card>
      <Card className="mb-8 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm">Who is signed in: revoke one session, or every session of a person.</p>
        <Link href="/admin/sessions" className={buttonClasses("secondary")}>Sessions</Link>
      </Card>
      <section aria-labelledby="audit-heading" className="mb-8">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 id="audit-heading" className="text-lg font-semibold">Recent activity</h2>
          <Link href="/admin/audit" className={buttonClasses("secondary")}>Audit log: filter and export</Link>
        </div>
        <AuditTable
          events={audit.events}
          caption="The ten newest audit events"
          links={{ filterHref: (extra) => auditViewHref("/admin/audit", {}, extra), detailHref: (id) => `/admin/audit/${id}` }}
        />
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
