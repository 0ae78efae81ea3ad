import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditDiff } from "@/components/admin/audit-diff";
import { AuditActor, AuditSubject } from "@/components/admin/audit-table";
import { Card } from "@/components/ui/card";
import { DetailItem } from "@/components/ui/detail-item";
import { PageHeader } from "@/components/ui/page-header";
import { auditViewHref } from "@/lib/platform/audit/audit-page-params";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { formatDateTime } from "@/lib/platform/format-date-time";
import { getAuditEvent } from "@/lib/platform/list-audit-events";

export const metadata = { title: "Audit event" };
export const dynamic = "force-dynamic";

const PATH = "/admin/audit";

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <section aria-labelledby={`json-${label}`} className="min-w-0">
      <h3 id={`json-${label}`} className="mb-1 text-sm font-semibold">
        {label}
      </h3>
      {value === null || value === undefined ? (
        <p className="text-sm text-fg-subtle">None</p>
      ) : (
        <pre className="max-h-[32rem] overflow-auto rounded-md bg-sunken p-3 font-mono text-xs whitespace-pre-wrap break-all" role="region" tabIndex={0} aria-label={`${label} as JSON`}>
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </section>
  );
}

export default async function AuditEventPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageViewer({ role: "admin" });
  const { id } = await params;
  if (!/^\d{1,19}$/.test(id)) notFound();
  const event = await getAuditEvent({ id: BigInt(id) });
  if (!event) notFound();
  const links = { filterHref: (extra: Record<string, string>) => auditViewHref(PATH, {}, extra), detailHref: null };
  return (
    <>
      <PageHeader
        title={`Audit event ${event.id}`}
        description={
          <>
            <span className="font-mono">{event.action}</span> · {formatDateTime(event.at, { seconds: true })} ·{" "}
            <Link href={PATH} className="underline">
              Back to the audit log
            </Link>
          </>
        }
      />
      <Card className="mb-6">
        <dl className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-3">
          <DetailItem term="When">
            <time dateTime={event.at.toISOString()}>{formatDateTime(event.at, { seconds: true })}</time>
            <span className="block font-mono text-xs text-fg-subtle">{event.at.toISOString()}</span>
          </DetailItem>
          <DetailItem term="Actor">
            <AuditActor event={event} links={links} />
            <span className="block font-mono text-xs text-fg-subtle">{event.actorId ?? event.actorLabel}</span>
          </DetailItem>
          <DetailItem term="Action" className="font-mono">
            <Link href={links.filterHref({ action: event.action })} className="underline-offset-2 hover:underline">
              {event.action}
            </Link>
          </DetailItem>
          <DetailItem term="Subject">
            <AuditSubject event={event} links={links} />
            <span className="block font-mono text-xs break-all text-fg-subtle">
              {event.subjectType}:{event.subjectId}
            </span>
          </DetailItem>
          <DetailItem term="Request" className="font-mono text-xs break-all" data-testid="audit-request-id">
            {event.requestId ? (
              <Link href={links.filterHref({ requestId: event.requestId })} className="underline-offset-2 hover:underline" title="Every event of this request">
                {event.requestId}
              </Link>
            ) : (
              "—"
            )}
          </DetailItem>
        </dl>
      </Card>
      <section aria-labelledby="diff-heading" className="mb-6">
        <h2 id="diff-heading" className="mb-3 text-lg font-semibold">
          Before and after
        </h2>
        <Card className="overflow-x-auto p-0">
          <AuditDiff before={event.before} after={event.after} caption={`What event ${event.id} changed, key by key`} />
        </Card>
      </section>
      <div className="grid gap-4 lg:grid-cols-3">
        <Json label="Before" value={event.before} />
        <Json label="After" value={event.after} />
        <Json label="Metadata" value={event.metadata} />
      </div>
    </>
  );
}
