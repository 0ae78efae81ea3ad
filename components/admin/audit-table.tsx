import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table } from "@/components/ui/table";
import type { AuditEventView } from "@/lib/platform/audit";
import { formatDateTime } from "@/lib/platform/format-date-time";
import { AuditDiff, summariseAuditChange } from "./audit-diff";

/** Links of one audit view: where a filter for a value goes, and the detail page of an event. */
export interface AuditTableLinks {
  /** The list page with this filter added, e.g. `/admin/audit?actor=…`. */
  filterHref: (params: Record<string, string>) => string;
  /** The event's own page, or null when the view has none (the events then expand in place). */
  detailHref: ((id: string) => string) | null;
}

const SYSTEM_PREFIX = "system:";

export function AuditActor({ event, links }: { event: AuditEventView; links: AuditTableLinks }) {
  if (!event.actorId) {
    const label = event.actorLabel.startsWith(SYSTEM_PREFIX) ? event.actorLabel.slice(SYSTEM_PREFIX.length) : event.actorLabel;
    return (
      <span className="inline-flex flex-wrap items-center gap-1">
        <Badge>system</Badge>
        <span className="font-mono text-xs">{label}</span>
      </span>
    );
  }
  return (
    <Link prefetch={false} href={links.filterHref({ actor: event.actorId })} className="underline-offset-2 hover:underline" title={`Every event by ${event.actorLabel}`}>
      {event.actorName ?? event.actorLabel}
    </Link>
  );
}

export function AuditSubject({ event, links }: { event: AuditEventView; links: AuditTableLinks }) {
  const history = links.filterHref({ subjectType: event.subjectType, subjectId: event.subjectId });
  return (
    <span className="flex flex-col items-start gap-2">
      {event.subjectName ? (
        event.subjectHref ? (
          <Link prefetch={false} href={event.subjectHref} className="inline-flex min-h-6 items-center self-start font-medium text-accent underline-offset-2 hover:underline">
            {event.subjectName}
          </Link>
        ) : (
          <span className="font-medium">{event.subjectName}</span>
        )
      ) : (
        <span className="font-mono text-xs break-all" title="This subject no longer exists, or its type has no name">{event.subjectId}</span>
      )}
      <Link prefetch={false} href={history} className="inline-flex min-h-6 items-center self-start text-xs text-fg-subtle underline-offset-2 hover:underline" title="Every event about this subject">
        {event.subjectType.replaceAll("_", " ")}
      </Link>
    </span>
  );
}

export function AuditTime({ at }: { at: Date }) {
  const iso = at.toISOString();
  return (
    <time dateTime={iso} title={iso}>
      {formatDateTime(at)}
    </time>
  );
}

function Json({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <div>
      <h4 className="mt-2 text-xs font-semibold text-fg-subtle uppercase">{label}</h4>
      <pre className="mt-1 max-h-96 overflow-auto rounded bg-sunken p-2 font-mono text-xs whitespace-pre-wrap break-all" role="region" tabIndex={0} aria-label={`${label} JSON`}>
        {JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

/** The change of one event, collapsed to a summary line; opening it shows the diff and the raw JSON. */
export function AuditChange({ event }: { event: AuditEventView }) {
  return (
    <details className="group max-w-xl">
      <summary className="cursor-pointer text-xs text-fg-muted select-none">{summariseAuditChange(event.before, event.after)}</summary>
      <div className="mt-2 rounded-md border border-line p-2">
        <AuditDiff before={event.before} after={event.after} caption={`What event ${event.id} changed`} />
        <Json label="Before" value={event.before} />
        <Json label="After" value={event.after} />
        <Json label="Metadata" value={event.metadata} />
      </div>
    </details>
  );
}

/**
 * Audit events, newest first: time (UTC), actor (a user, or the system), action, subject by
 * name with a link, the change (expands to the diff and the JSON) and the request id. Values
 * link to the list filtered by them. Read-only: nothing here can change the log.
 */
export function AuditTable({ events, links, caption }: { events: AuditEventView[]; links: AuditTableLinks; caption: string }) {
  return (
    <Table label={caption} data-testid="audit-log">
        <thead className="border-b border-line text-xs text-fg-subtle uppercase">
          <tr>
            {["When (UTC)", "Actor", "Action", "Subject", "Change", "Request"].map((c) => (
              <th key={c} scope="col" className="px-3 py-2 whitespace-nowrap">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-line align-top">
          {events.length === 0 ? (
            <tr>
              <td colSpan={6} className="px-3 py-6 text-center text-fg-subtle">
                No events match.
              </td>
            </tr>
          ) : (
            events.map((event) => (
              <tr key={event.id} data-event-id={event.id}>
                <td className="px-3 py-2 whitespace-nowrap text-fg-muted">
                  {links.detailHref ? (
                    <Link prefetch={false} href={links.detailHref(event.id)} className="underline-offset-2 hover:underline" aria-label={`Event ${event.id}, ${formatDateTime(event.at)}`}>
                      <AuditTime at={event.at} />
                    </Link>
                  ) : (
                    <AuditTime at={event.at} />
                  )}
                </td>
                <td className="px-3 py-2">
                  <AuditActor event={event} links={links} />
                </td>
                <td className="px-3 py-2 font-mono text-xs">
                  <Link prefetch={false} href={links.filterHref({ action: event.action })} className="underline-offset-2 hover:underline">
                    {event.action}
                  </Link>
                </td>
                <td className="px-3 py-2">
                  <AuditSubject event={event} links={links} />
                </td>
                <td className="px-3 py-2">
                  <AuditChange event={event} />
                </td>
                <td className="px-3 py-2 font-mono text-xs">
                  {event.requestId ? (
                    <Link prefetch={false} href={links.filterHref({ requestId: event.requestId })} title={`Every event of request ${event.requestId}`} className="underline-offset-2 hover:underline">
                      {event.requestId.slice(0, 8)}
                    </Link>
                  ) : (
                    <span className="text-fg-subtle">—</span>
                  )}
                </td>
              </tr>
            ))
          )}
        </tbody>
    </Table>
  );
}
