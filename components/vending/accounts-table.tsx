import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { TableHead } from "@/components/ui/table-head";
import type { AccountListView } from "@/lib/vending/vending-views";
import { formatTime } from "./format-time";

export interface AccountFilters {
  q?: string;
  source?: string;
  env?: string;
  workload?: string;
}

const cell = "px-3 py-2 text-left align-top";

/** Query string of a page of accounts with the current filters. */
export function accountsHref(filters: AccountFilters, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/accounts?${query}#accounts-heading` : "/accounts#accounts-heading";
}

/**
 * The estate's accounts with a search and filters that work without JavaScript (a GET form),
 * and page links: real estates have hundreds of accounts.
 */
export function AccountsTable({ list, filters, workloads }: { list: AccountListView; filters: AccountFilters; workloads: string[] }) {
  return (
    <div className="space-y-4">
      <form method="get" action="/accounts" className="grid gap-3 sm:grid-cols-5" aria-label="Filter accounts">
        <div className="sm:col-span-2">
          <label htmlFor="accounts-q" className="block text-sm font-medium">
            Search
          </label>
          <input id="accounts-q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="Name, email or account id" className="mt-1 block w-full rounded-md border border-control bg-raised px-3 py-2 text-sm" />
        </div>
        <div>
          <label htmlFor="accounts-source" className="block text-sm font-medium">
            Source
          </label>
          <select id="accounts-source" name="source" defaultValue={filters.source ?? ""} className="mt-1 block w-full rounded-md border border-control bg-raised px-3 py-2 text-sm">
            <option value="">All</option>
            <option value="vended">Vended</option>
            <option value="imported">Imported</option>
          </select>
        </div>
        <div>
          <label htmlFor="accounts-env" className="block text-sm font-medium">
            Environment
          </label>
          <select id="accounts-env" name="env" defaultValue={filters.env ?? ""} className="mt-1 block w-full rounded-md border border-control bg-raised px-3 py-2 text-sm">
            <option value="">All</option>
            <option value="dev">dev</option>
            <option value="stage">stage</option>
            <option value="prod">prod</option>
            <option value="none">none</option>
          </select>
        </div>
        <div>
          <label htmlFor="accounts-workload" className="block text-sm font-medium">
            Workload
          </label>
          <select id="accounts-workload" name="workload" defaultValue={filters.workload ?? ""} className="mt-1 block w-full rounded-md border border-control bg-raised px-3 py-2 text-sm">
            <option value="">All</option>
            <option value="none">No workload</option>
            {workloads.map((slug) => (
              <option key={slug} value={slug}>
                {slug}
              </option>
            ))}
          </select>
        </div>
        <div className="flex gap-2 sm:col-span-5">
          <button type="submit" className="rounded-md bg-accent-solid px-3 py-2 text-sm font-medium text-white hover:bg-accent-solid-hover">
            Apply
          </button>
          <Link href="/accounts#accounts-heading" className="rounded-md px-3 py-2 text-sm underline">
            Clear
          </Link>
        </div>
      </form>
      <p className="text-sm text-fg-muted" aria-live="polite">
        {list.total === 0 ? "No accounts match." : `${list.total} account${list.total === 1 ? "" : "s"}${list.pages > 1 ? `, page ${list.page} of ${list.pages}` : ""}.`}
      </p>
      {list.rows.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-line">
          <table className="min-w-full divide-y divide-line text-sm">
            <caption className="sr-only">Accounts</caption>
            <TableHead columns={["Account", "Id", "Workload", "Env", "OU", "Source", "Tags"]} cellClassName={`${cell} font-medium`} className="bg-sunken" />
            <tbody className="divide-y divide-line">
              {list.rows.map((row) => (
                <tr key={row.awsAccountId} data-testid="account-row">
                  <td className={cell}>
                    <Link href={`/accounts/${row.awsAccountId}`} className="font-medium underline">
                      {row.name}
                    </Link>
                    <div className="text-xs break-all text-fg-subtle">{row.email}</div>
                    {row.state !== "ACTIVE" ? <Badge tone="amber">{row.state.toLowerCase()}</Badge> : null}
                  </td>
                  <td className={`${cell} font-mono text-xs`}>{row.awsAccountId}</td>
                  <td className={cell}>{row.workload ? <Link href={`/workloads/${row.workload}`} className="underline">{row.workload}</Link> : <span className="text-fg-subtle">none</span>}</td>
                  <td className={cell}>{row.env ?? <span className="text-fg-subtle">–</span>}</td>
                  <td className={`${cell} text-xs`}>{row.ou ? `${row.ou.name} (${row.ou.id})` : "root"}</td>
                  <td className={cell}>
                    <Badge tone={row.source === "vended" ? "brand" : "neutral"}>{row.source}</Badge>
                    {row.lastSeenAt ? <div className="mt-1 text-[11px] text-fg-subtle">seen {formatTime(row.lastSeenAt)}</div> : null}
                  </td>
                  <td className={`${cell} max-w-xs`}>
                    <ul className="flex flex-wrap gap-1">
                      {Object.entries(row.tags).map(([key, value]) => (
                        <li key={key} className="rounded bg-tint px-1.5 py-0.5 font-mono text-[11px]">
                          {key}={value}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.pages > 1 ? (
        <nav aria-label="Account pages" className="flex flex-wrap items-center gap-2 text-sm">
          {list.page > 1 ? (
            <Link href={accountsHref(filters, list.page - 1)} className="rounded-md border border-line-strong px-3 py-1.5" rel="prev">
              Previous
            </Link>
          ) : null}
          <span>
            Page {list.page} of {list.pages}
          </span>
          {list.page < list.pages ? (
            <Link href={accountsHref(filters, list.page + 1)} className="rounded-md border border-line-strong px-3 py-1.5" rel="next">
              Next
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
