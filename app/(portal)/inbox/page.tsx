import Link from "next/link";
import { MarkReadButton, UpgradeButton } from "@/components/estate/notice-actions";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Table } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { getEstateDeps, getInbox, type Escalation, type InboxFilter, type NoticeKind } from "@/lib/estate";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { canChangeWorkload } from "@/lib/workloads";
import { markNoticesReadAction, openUpgradePullRequestAction } from "../estate/actions";

export const metadata = { title: "Inbox" };
export const dynamic = "force-dynamic";

const ESCALATIONS: Array<[Escalation, string]> = [
  ["overdue", "Overdue"],
  ["due_soon", "Due soon"],
  ["update_available", "Update available"],
];
const KINDS: Array<[NoticeKind, string]> = [
  ["vulnerable", "Vulnerable"],
  ["deprecated", "Deprecated"],
  ["update_available", "Newer version"],
];
const escalationTone = { overdue: "red", due_soon: "amber", update_available: "brand", current: "green" } as const;
const pick = <T extends string>(value: unknown, allowed: Array<[T, string]>): T | undefined => (allowed.some(([v]) => v === value) ? (value as T) : undefined);
const CURSOR = /^[0-9TZ:.-]{24}\|[0-9a-f-]{36}$/;

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePageViewer();
  const params = await searchParams;
  const escalation = pick(params.escalation, ESCALATIONS);
  const kind = pick(params.kind, KINDS);
  const unreadOnly = params.unread === "1";
  const cursor = typeof params.cursor === "string" && CURSOR.test(params.cursor) ? params.cursor : null;
  const filter: InboxFilter = { escalation: escalation ? [escalation] : undefined, kind: kind ? [kind] : undefined, unreadOnly };
  const inbox = await getInbox(getEstateDeps(), viewer, { filter, cursor });
  const unreadIds = inbox.items.filter((i) => !i.read).map((i) => i.notice.id);
  const highlighted = typeof params.notice === "string" ? params.notice : null;
  return (
    <>
      <PageHeader
        title="Inbox"
        description={`Update notices for your workloads${viewer.role === "admin" ? ", and every overdue one" : ""}. ${inbox.unread} unread.`}
        actions={<MarkReadButton noticeIds={unreadIds} label="Mark page read" run={markNoticesReadAction} />}
      />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter notices">
        <label className="flex flex-col gap-1 text-sm">
          Escalation
          <Select name="escalation" defaultValue={escalation ?? ""} compact>
            <option value="">Any</option>
            {ESCALATIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Kind
          <Select name="kind" defaultValue={kind ?? ""} compact>
            <option value="">Any</option>
            {KINDS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="unread" value="1" defaultChecked={unreadOnly} />
          Unread only
        </label>
        <button type="submit" className={buttonClasses("secondary")}>
          Filter
        </button>
      </form>
      {inbox.items.length === 0 ? (
        <EmptyState title="No notices">Nothing asks your workloads to upgrade{escalation || kind || unreadOnly ? " with these filters" : ""}.</EmptyState>
      ) : (
        <Table label="Update notices" data-testid="inbox-table">
          <thead className="bg-sunken text-xs text-fg-muted">
            <tr>
              <th scope="col" className="px-3 py-2">Due</th>
              <th scope="col" className="px-3 py-2">Unit</th>
              <th scope="col" className="px-3 py-2">Module</th>
              <th scope="col" className="px-3 py-2">Notice</th>
              <th scope="col" className="px-3 py-2">Actions</th>
            </tr>
          </thead>
          <tbody>
            {inbox.items.map((item) => (
              <tr key={item.notice.id} id={`notice-${item.notice.id}`} className={`border-t border-line ${item.read ? "" : "font-medium"} ${highlighted === item.notice.id ? "bg-accent-soft" : ""}`} data-notice-id={item.notice.id}>
                <td className="px-3 py-2 whitespace-nowrap">
                  <time dateTime={item.notice.dueAt.toISOString()}>{item.notice.dueAt.toISOString().slice(0, 10)}</time>{" "}
                  <Badge tone={escalationTone[item.escalation]}>{ESCALATIONS.find(([v]) => v === item.escalation)?.[1] ?? item.escalation}</Badge>
                  {item.read ? null : <span className="sr-only"> (unread)</span>}
                </td>
                <td className="px-3 py-2">
                  <Link prefetch={false} href={`/workloads/${encodeURIComponent(item.workload.slug)}`} className="underline">
                    {item.workload.name}
                  </Link>
                  <div className="font-mono text-xs text-fg-muted">{item.unitPath}</div>
                </td>
                <td className="px-3 py-2">{item.module.name}</td>
                <td className="px-3 py-2">
                  {item.notice.kind === "vulnerable" ? <Badge tone="red">Vulnerable{item.notice.severity ? ` (${item.notice.severity})` : ""}</Badge> : item.notice.kind === "deprecated" ? <Badge tone="amber">Deprecated</Badge> : null}{" "}
                  {item.notice.fromVersion} → {item.notice.requiredVersion ?? "a newer version"}
                  {item.notice.advisory?.summary ? <div className="text-xs text-fg-muted">{item.notice.advisory.summary}</div> : null}
                </td>
                <td className="px-3 py-2">
                  <div className="flex flex-wrap items-start gap-2">
                    {canChangeWorkload(viewer, item.workload.slug) && item.notice.targetVersion ? <UpgradeButton consumptionId={item.notice.consumptionId} run={openUpgradePullRequestAction} /> : null}
                    {item.read ? null : <MarkReadButton noticeIds={[item.notice.id]} label="Mark read" run={markNoticesReadAction} />}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {inbox.nextCursor ? (
        <p className="mt-4">
          <Link className={buttonClasses("secondary")} href={`/inbox?${new URLSearchParams({ ...(escalation ? { escalation } : {}), ...(kind ? { kind } : {}), ...(unreadOnly ? { unread: "1" } : {}), cursor: inbox.nextCursor }).toString()}`}>
            Next page
          </Link>
        </p>
      ) : null}
    </>
  );
}
