import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { CardList, CardListItem, NarrowOnly, WideOnly } from "@/components/ui/card-list";
import { Table } from "@/components/ui/table";
import { TableHead } from "@/components/ui/table-head";
import { cn } from "@/components/ui/cn";
import type { Escalation, InboxItem } from "@/lib/estate";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { formatDate } from "@/lib/platform/format-date-time";
import { MarkReadButton, UpgradeAction, type UpgradeRun } from "./notice-actions";
import { offersUpgrade } from "./upgrade-offers";

export const ESCALATION_LABELS: Array<[Escalation, string]> = [
  ["overdue", "Overdue"],
  ["due_soon", "Due soon"],
  ["update_available", "Update available"],
];
const escalationTone = { overdue: "red", due_soon: "amber", update_available: "brand", current: "green" } as const;

export interface InboxNoticesProps {
  items: InboxItem[];
  /** The notice the page was opened for (`/inbox?notice=<id>`, the link in PRs and messages): highlighted. */
  highlighted: string | null;
  /** Whether the viewer may open the upgrade PR of a workload's unit. */
  canUpgrade: (workloadSlug: string) => boolean;
  upgrade: UpgradeRun;
  markRead: (input: { noticeIds: string[] }) => Promise<ActionResult<{ marked: number }>>;
}

/**
 * The inbox's notices: a table from the `lg` breakpoint up (beside the side navigation five
 * columns need it), one card per notice below it, with the same due date, unit, notice and actions.
 */
export function InboxNotices({ items, highlighted, canUpgrade, upgrade, markRead }: InboxNoticesProps) {
  const actions = (item: InboxItem) => {
    // The open upgrade PR shows to whoever sees the notice; the button to whoever may open one, while the unit wants one.
    const offer = offersUpgrade({ canUpgrade: canUpgrade(item.workload.slug), notice: item.notice, openUpgrade: item.openUpgrade });
    return (
      <div className="flex flex-wrap items-start gap-2">
        {item.openUpgrade || offer ? <UpgradeAction consumptionId={item.notice.consumptionId} run={upgrade} openUpgrade={item.openUpgrade} offer={offer} targetVersion={item.notice.targetVersion} /> : null}
        {item.read ? null : <MarkReadButton noticeIds={[item.notice.id]} label="Mark read" run={markRead} />}
      </div>
    );
  };
  return (
    <>
      <NarrowOnly breakpoint="lg">
        <CardList label="Update notices" data-testid="inbox-cards">
          {items.map((item) => (
            <CardListItem key={item.notice.id} className={cn("space-y-1", item.read ? "" : "font-medium", highlighted === item.notice.id ? "bg-accent-soft" : "")} data-notice-id={item.notice.id}>
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <Due item={item} />
              </p>
              <p>
                <WorkloadLink item={item} /> · {item.module.name}
              </p>
              <p className="font-mono text-xs wrap-anywhere text-fg-muted">{item.unitPath}</p>
              <NoticeText item={item} />
              <div className="pt-1">{actions(item)}</div>
            </CardListItem>
          ))}
        </CardList>
      </NarrowOnly>
      <WideOnly breakpoint="lg">
        <Table label="Update notices" data-testid="inbox-table">
          <TableHead className="bg-sunken text-xs text-fg-muted" cellClassName="px-3 py-2" columns={["Due", "Unit", "Module", "Notice", "Actions"]} />
          <tbody>
            {items.map((item) => (
              <tr key={item.notice.id} id={`notice-${item.notice.id}`} className={cn("border-t border-line", item.read ? "" : "font-medium", highlighted === item.notice.id ? "bg-accent-soft" : "")} data-notice-id={item.notice.id}>
                <td className="px-3 py-2 whitespace-nowrap">
                  <Due item={item} />
                </td>
                <td className="px-3 py-2">
                  <WorkloadLink item={item} />
                  <div className="font-mono text-xs text-fg-muted">{item.unitPath}</div>
                </td>
                <td className="px-3 py-2">{item.module.name}</td>
                <td className="px-3 py-2">
                  <NoticeText item={item} />
                </td>
                <td className="px-3 py-2">{actions(item)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </WideOnly>
    </>
  );
}

/** The due date, the escalation badge and, for screen readers, whether the notice is unread. */
function Due({ item }: { item: InboxItem }) {
  return (
    <>
      <time dateTime={item.notice.dueAt.toISOString()}>{formatDate(item.notice.dueAt)}</time>{" "}
      <Badge tone={escalationTone[item.escalation]}>{ESCALATION_LABELS.find(([v]) => v === item.escalation)?.[1] ?? item.escalation}</Badge>
      {item.read ? null : <span className="sr-only"> (unread)</span>}
    </>
  );
}

function WorkloadLink({ item }: { item: InboxItem }) {
  return (
    <Link prefetch={false} href={`/workloads/${encodeURIComponent(item.workload.slug)}`} className="underline">
      {item.workload.name}
    </Link>
  );
}

function NoticeText({ item }: { item: InboxItem }) {
  return (
    <div>
      {item.notice.kind === "vulnerable" ? <Badge tone="red">Vulnerable{item.notice.severity ? ` (${item.notice.severity})` : ""}</Badge> : item.notice.kind === "deprecated" ? <Badge tone="amber">Deprecated</Badge> : null}{" "}
      {item.notice.fromVersion} → {item.notice.requiredVersion ? `${item.notice.requiredVersion} or newer` : "a newer version"}
      {item.notice.targetVersion && item.notice.targetVersion !== item.notice.requiredVersion ? <div className="text-xs text-fg-muted">Newest: {item.notice.targetVersion}</div> : null}
      {item.notice.advisory?.summary ? <div className="text-xs text-fg-muted">{item.notice.advisory.summary}</div> : null}
    </div>
  );
}
