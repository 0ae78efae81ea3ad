import Link from "next/link";
import { Table } from "@/components/ui/table";
import { TableHead } from "@/components/ui/table-head";
import type { AccountSetSummary } from "@/lib/vending/vending-views";
import { formatDateTime } from "@/lib/platform/format-date-time";
import { AccountStatusBadge, SetStateBadge } from "./vending-badges";

const cell = "px-3 py-2 text-left align-top";

/** Account set requests, newest first, each linking to its live status. */
export function AccountSetList({ rows }: { rows: AccountSetSummary[] }) {
  return (
    <Table label="Account set requests" className="min-w-[36rem] divide-y divide-line">
        <TableHead columns={["Workload", "State", "Accounts", "Requested"]} cellClassName={`${cell} font-medium`} className="bg-sunken" />
        <tbody className="divide-y divide-line">
          {rows.map((row) => (
            <tr key={row.id} data-testid="request-row">
              <td className={cell}>
                <Link prefetch={false} href={`/accounts/requests/${row.id}`} className="font-medium underline">
                  {row.workload.name}
                </Link>
                {row.workload.isNew ? <span className="ml-1 text-xs text-fg-subtle">(new)</span> : null}
              </td>
              <td className={cell}>
                <SetStateBadge state={row.state} />
              </td>
              <td className={cell}>
                <ul className="space-y-1">
                  {row.accounts.map((a) => (
                    <li key={a.env} className="flex flex-wrap items-center gap-2">
                      <span className="w-10 font-mono text-xs">{a.env}</span>
                      <AccountStatusBadge status={a.status} />
                      {a.accountId ? <span className="font-mono text-xs">{a.accountId}</span> : null}
                    </li>
                  ))}
                </ul>
              </td>
              <td className={`${cell} text-xs`}>
                {row.requestedBy}
                <br />
                <time dateTime={row.createdAt}>{formatDateTime(row.createdAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
    </Table>
  );
}
