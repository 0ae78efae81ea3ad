import Link from "next/link";
import { Table } from "@/components/ui/table";
import { TableHead } from "@/components/ui/table-head";
import type { TagChangeItemView } from "@/lib/governance/governance-views";
import { ChangesList, GovernanceStateBadge } from "./tag-change-badges";

const cell = "px-3 py-2 align-top";

/** Each account of a tag change with its values before and after, its status and, when it failed, the error. */
export function TagChangeItems({ items, label }: { items: TagChangeItemView[]; label: string }) {
  return (
    <Table label={label} data-testid="tag-change-items">
      <TableHead columns={["Account", "Change", "Status"]} cellClassName={`${cell} font-medium`} className="bg-sunken" />
      <tbody className="divide-y divide-line">
        {items.map((item) => (
          <tr key={item.id} data-testid="tag-change-item" data-account={item.awsAccountId} data-status={item.status}>
            <td className={cell}>
              <Link prefetch={false} href={`/accounts/${item.awsAccountId}`} className="font-medium underline">
                {item.accountName}
              </Link>
              <div className="font-mono text-xs text-fg-subtle">{item.awsAccountId}</div>
            </td>
            <td className={cell}>
              <ChangesList changes={item.after} before={item.before} />
            </td>
            <td className={cell}>
              <GovernanceStateBadge state={item.status} />
              {item.attempts > 1 ? <div className="mt-1 text-xs text-fg-subtle">{item.attempts} attempts</div> : null}
              {item.error ? (
                <p className="mt-1 max-w-sm text-xs break-words text-danger" data-testid="item-error">
                  {item.error}
                </p>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
