import Link from "next/link";
import { ESCALATION_LABELS, InboxNotices } from "@/components/estate/inbox-notices";
import { MarkReadButton } from "@/components/estate/notice-actions";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { getEstateDeps, getInbox, type InboxFilter, type NoticeKind } from "@/lib/estate";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { canChangeWorkload } from "@/lib/workloads";
import { markNoticesReadAction, openUpgradePullRequestAction } from "../estate/actions";

export const metadata = { title: "Inbox" };
export const dynamic = "force-dynamic";

const KINDS: Array<[NoticeKind, string]> = [
  ["vulnerable", "Vulnerable"],
  ["deprecated", "Deprecated"],
  ["update_available", "Newer version"],
];
const pick = <T extends string>(value: unknown, allowed: Array<[T, string]>): T | undefined => (allowed.some(([v]) => v === value) ? (value as T) : undefined);
const CURSOR = /^[0-9TZ:.-]{24}\|[0-9a-f-]{36}$/;

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePageViewer();
  const params = await searchParams;
  const escalation = pick(params.escalation, ESCALATION_LABELS);
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
        // Offered only when this page holds something unread; an empty inbox has nothing to mark.
        actions={unreadIds.length > 0 ? <MarkReadButton noticeIds={unreadIds} label="Mark page read" run={markNoticesReadAction} /> : undefined}
      />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter notices">
        <label className="flex flex-col gap-1 text-sm">
          Escalation
          <Select name="escalation" defaultValue={escalation ?? ""} compact>
            <option value="">Any</option>
            {ESCALATION_LABELS.map(([value, label]) => (
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
        viewer.role !== "admin" && viewer.workloads.length === 0 ? (
          <EmptyState title="No notices">
            You are not in any workload yet, so no update notices come to you. Each workload&apos;s page under{" "}
            <Link href="/workloads" className="underline">
              Workloads
            </Link>{" "}
            names the IdP groups that grant its roles: ask for one, or ask the workload&apos;s lead.
          </EmptyState>
        ) : (
          <EmptyState title="No notices">Nothing asks your workloads to upgrade{escalation || kind || unreadOnly ? " with these filters" : ""}.</EmptyState>
        )
      ) : (
        <InboxNotices items={inbox.items} highlighted={highlighted} canUpgrade={(slug) => canChangeWorkload(viewer, slug)} upgrade={openUpgradePullRequestAction} markRead={markNoticesReadAction} />
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
